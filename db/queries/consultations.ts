/**
 * Consultations and their versions. Shipped consultations (templates/) are shared; one added in
 * the app belongs to an organisation and is visible only to it unless a site administrator shares
 * it. Functions that touch an organisation's consultations take the organisation id.
 */
import { and, count, desc, eq, isNull, or } from "drizzle-orm";
import { draftTemplateSchema, type Template } from "../../consultation/schema";
import { transaction, type Db } from "../client";
import { consultations, consultationVersions, organisations, responses, type ConsultationStatus } from "../schema";

export interface ConsultationVersion {
  id: number;
  consultationId: string;
  template: Template;
}

const parsed = new Map<string, Template>();

/**
 * Parses a stored template once per process (stored rows are immutable). Keyed by id and content
 * hash: a process that opens several databases (tests, CLIs) must not mix up their version ids.
 */
function templateOf(row: { id: number; contentHash: string; templateJson: string }): Template {
  const key = `${row.id}:${row.contentHash}`;
  let template = parsed.get(key);
  if (!template) {
    // Stored rows were validated when saved; a draft may not have questions yet (CheckOptions).
    template = draftTemplateSchema.parse(JSON.parse(row.templateJson));
    parsed.set(key, template);
  }
  return template;
}

/** Versions already read, per connection (rows are immutable: a changed template is a new version). */
const versions = new WeakMap<object, Map<number, ConsultationVersion>>();

export async function getConsultationVersion(db: Db, versionId: number): Promise<ConsultationVersion | undefined> {
  // Keyed on the handle (the database and its transaction handle are each one object per connection).
  const client: object = db;
  const cached = client && versions.get(client)?.get(versionId);
  if (cached) return cached;
  const row = (await db.select().from(consultationVersions).where(eq(consultationVersions.id, versionId)))[0];
  const version = row && { id: row.id, consultationId: row.consultationId, template: templateOf(row) };
  if (version && client) {
    let byId = versions.get(client);
    if (!byId) versions.set(client, (byId = new Map()));
    byId.set(versionId, version);
  }
  return version;
}

/** The key of a consultation added in the app (cannot collide with a template id: `~` is not allowed there). */
export function organisationConsultationKey(organisationId: number, templateId: string): string {
  return `o${organisationId}~${templateId}`;
}

/** The version new responses start from: the one set in the app, else the newest row. */
async function currentVersionRow(db: Db, consultation: { id: string; currentVersionId: number | null }) {
  const query = db.select().from(consultationVersions);
  return consultation.currentVersionId !== null
    ? (await query.where(eq(consultationVersions.id, consultation.currentVersionId)))[0]
    : (await query.where(eq(consultationVersions.consultationId, consultation.id)).orderBy(desc(consultationVersions.id)).limit(1))[0];
}

/** Shared consultations: shipped in templates/, or an organisation's made available to all. */
const isShared = or(isNull(consultations.organisationId), eq(consultations.shared, true));
/** What an organisation sees: shipped ones, others' shared ones once published, and all its own. */
const visibleTo = (organisationId: number) =>
  or(
    isNull(consultations.organisationId),
    and(eq(consultations.shared, true), eq(consultations.status, "published")),
    eq(consultations.organisationId, organisationId),
  );

/** Every shared, published consultation with its current version (the public list; the demo seed). */
export async function listConsultations(db: Db): Promise<ConsultationVersion[]> {
  const all = await db
    .select({ id: consultations.id, currentVersionId: consultations.currentVersionId })
    .from(consultations)
    .where(and(isShared, eq(consultations.status, "published")))
    .orderBy(consultations.title);
  const versions: ConsultationVersion[] = [];
  for (const c of all) {
    const row = await currentVersionRow(db, c);
    if (row) versions.push({ id: row.id, consultationId: c.id, template: templateOf(row) });
  }
  return versions;
}

export interface ConsultationEntry {
  id: string;
  title: string;
  issuer: string;
  status: ConsultationStatus;
  /** The organisation's own (added in the app), as opposed to shared. */
  own: boolean;
  shared: boolean;
  /** Row version for optimistic concurrency. */
  version: number;
  current: ConsultationVersion & { sourceText: string | null; hash: string };
}

async function entryOf(db: Db, organisationId: number, row: typeof consultations.$inferSelect): Promise<ConsultationEntry | undefined> {
  const v = await currentVersionRow(db, row);
  if (!v) return undefined;
  return {
    id: row.id,
    title: row.title,
    issuer: row.issuer,
    status: row.status,
    own: row.organisationId === organisationId,
    shared: row.organisationId === null || row.shared,
    version: row.version,
    current: { id: v.id, consultationId: row.id, template: templateOf(v), sourceText: v.sourceText, hash: v.contentHash },
  };
}

/** Shared consultations and the organisation's own (drafts included), by title. */
export async function listVisibleConsultations(db: Db, organisationId: number): Promise<ConsultationEntry[]> {
  const rows = await db.select().from(consultations).where(visibleTo(organisationId)).orderBy(consultations.title);
  const entries: ConsultationEntry[] = [];
  for (const row of rows) {
    const entry = await entryOf(db, organisationId, row);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** A consultation the organisation may see; undefined otherwise (callers answer 404). */
export async function getVisibleConsultation(db: Db, organisationId: number, id: string): Promise<ConsultationEntry | undefined> {
  const row = (await db
    .select()
    .from(consultations)
    .where(and(eq(consultations.id, id), visibleTo(organisationId))))[0];
  return row && (await entryOf(db, organisationId, row));
}

export interface NewContent {
  template: Template;
  hash: string;
  sourceText: string;
  fileName: string;
}

/** Adds an organisation's consultation as a draft; `exists` when it already has one with that template id. */
export async function createConsultation(db: Db, organisationId: number, content: NewContent): Promise<{ status: "created"; id: string } | { status: "exists"; id: string }> {
  const id = organisationConsultationKey(organisationId, content.template.id);
  return await transaction(db, async (tx) => {
    if ((await tx.select({ id: consultations.id }).from(consultations).where(eq(consultations.id, id)))[0]) return { status: "exists", id } as const;
    await tx.insert(consultations)
      .values({ id, title: content.template.title, issuer: content.template.issuer, organisationId, status: "draft" });
    const version = (await tx
      .insert(consultationVersions)
      .values({
        consultationId: id,
        contentHash: content.hash,
        templateJson: JSON.stringify(content.template),
        sourceFile: `upload:${content.fileName}`,
        sourceText: content.sourceText,
      })
      .returning({ id: consultationVersions.id }))[0]!;
    await tx.update(consultations).set({ currentVersionId: version.id }).where(eq(consultations.id, id));
    return { status: "created", id } as const;
  });
}

export type ConsultationWriteResult =
  | { status: "saved"; version: number; versionId: number }
  | { status: "conflict"; current: ConsultationEntry }
  | { status: "notFound" };

async function ownRow(db: Db, organisationId: number, id: string) {
  return (await db
    .select()
    .from(consultations)
    .where(and(eq(consultations.id, id), eq(consultations.organisationId, organisationId))))[0];
}

async function responseCount(db: Db, versionId: number): Promise<number> {
  return (await db.select({ n: count() }).from(responses).where(eq(responses.consultationVersionId, versionId)))[0]?.n ?? 0;
}

/**
 * Saves edited template text of the organisation's consultation, if nobody changed it since
 * `baseVersion`. New content is a new version (responses keep theirs); the replaced version is
 * deleted only when no response uses it (a draft's intermediate edits leave nothing behind).
 */
export async function saveConsultationSource(db: Db, organisationId: number, id: string, baseVersion: number, content: Omit<NewContent, "fileName">): Promise<ConsultationWriteResult> {
  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    const row = await ownRow(t, organisationId, id);
    if (!row) return { status: "notFound" } as const;
    if (row.version !== baseVersion) return { status: "conflict", current: (await entryOf(t, organisationId, row))! } as const;
    const previous = await currentVersionRow(t, row);
    let versionId: number;
    const same = (await t
      .select({ id: consultationVersions.id })
      .from(consultationVersions)
      .where(and(eq(consultationVersions.consultationId, id), eq(consultationVersions.contentHash, content.hash))))[0];
    if (same) {
      versionId = same.id;
      await t.update(consultationVersions).set({ sourceText: content.sourceText }).where(eq(consultationVersions.id, versionId));
    } else {
      versionId = (await t
        .insert(consultationVersions)
        .values({
          consultationId: id,
          contentHash: content.hash,
          templateJson: JSON.stringify(content.template),
          sourceFile: previous?.sourceFile ?? "upload:edit",
          sourceText: content.sourceText,
        })
        .returning({ id: consultationVersions.id }))[0]!.id;
    }
    const version = row.version + 1;
    await t.update(consultations)
      .set({ currentVersionId: versionId, title: content.template.title, issuer: content.template.issuer, version })
      .where(eq(consultations.id, id));
    if (previous && previous.id !== versionId && (await responseCount(t, previous.id)) === 0)
      await t.delete(consultationVersions).where(eq(consultationVersions.id, previous.id));
    return { status: "saved", version, versionId } as const;
  });
}

/** Changes status or sharing of the organisation's consultation (stale base → conflict). */
export async function updateConsultation(
  db: Db,
  organisationId: number,
  id: string,
  baseVersion: number,
  change: { status?: ConsultationStatus; shared?: boolean },
): Promise<ConsultationWriteResult> {
  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    const row = await ownRow(t, organisationId, id);
    if (!row) return { status: "notFound" } as const;
    if (row.version !== baseVersion) return { status: "conflict", current: (await entryOf(t, organisationId, row))! } as const;
    const version = row.version + 1;
    await t.update(consultations)
      .set({ ...change, version })
      .where(and(eq(consultations.id, id), eq(consultations.version, baseVersion)));
    return { status: "saved", version, versionId: row.currentVersionId ?? 0 } as const;
  });
}

/**
 * The current version of the consultation a response was written against, when it is newer than
 * the response's, published and visible to the organisation; undefined otherwise.
 */
export async function newerVersionFor(db: Db, organisationId: number, consultationId: string, versionId: number): Promise<ConsultationEntry | undefined> {
  const entry = await getVisibleConsultation(db, organisationId, consultationId);
  if (!entry || entry.status !== "published" || entry.current.id === versionId) return undefined;
  return entry.current.id > versionId ? entry : undefined;
}

/** Whether a version is the current one of a published consultation the organisation may see. */
export async function isStartable(db: Db, organisationId: number, versionId: number): Promise<boolean> {
  const v = (await db.select({ consultationId: consultationVersions.consultationId }).from(consultationVersions).where(eq(consultationVersions.id, versionId)))[0];
  if (!v) return false;
  const entry = await getVisibleConsultation(db, organisationId, v.consultationId);
  return entry?.status === "published" && entry.current.id === versionId;
}


export interface SiteConsultation {
  id: string;
  title: string;
  issuer: string;
  organisationId: number;
  organisationName: string;
  status: ConsultationStatus;
  shared: boolean;
  version: number;
}

/**
 * Site administration only: every consultation added in an organisation (not templates/), so a
 * site administrator can make one available to all. Not scoped by organisation: callers must check
 * that the user is a site administrator.
 */
export async function listOrganisationConsultationsForSiteAdmin(db: Db): Promise<SiteConsultation[]> {
  return await db
    .select({
      id: consultations.id,
      title: consultations.title,
      issuer: consultations.issuer,
      organisationId: organisations.id,
      organisationName: organisations.name,
      status: consultations.status,
      shared: consultations.shared,
      version: consultations.version,
    })
    .from(consultations)
    .innerJoin(organisations, eq(organisations.id, consultations.organisationId))
    .orderBy(organisations.name, consultations.title);
}

/** Site administration only: share or unshare any organisation's consultation (stale base → conflict). */
export async function setSharedAsSiteAdmin(db: Db, id: string, baseVersion: number, shared: boolean): Promise<ConsultationWriteResult> {
  const row = (await db.select({ organisationId: consultations.organisationId }).from(consultations).where(eq(consultations.id, id)))[0];
  if (!row || row.organisationId === null) return { status: "notFound" };
  return await updateConsultation(db, row.organisationId, id, baseVersion, { shared });
}
