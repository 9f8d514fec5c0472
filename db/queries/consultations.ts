/**
 * Consultations and their versions. Shipped consultations (templates/) are shared; one added in
 * the app belongs to an organisation and is visible only to it unless a site administrator shares
 * it. Functions that touch an organisation's consultations take the organisation id.
 */
import { and, count, desc, eq, isNull, or } from "drizzle-orm";
import { draftTemplateSchema, type Template } from "../../consultation/schema";
import { IMMEDIATE, type Db } from "../client";
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

export function getConsultationVersion(db: Db, versionId: number): ConsultationVersion | undefined {
  // Keyed on the underlying connection (a transaction handle has none: it reads the row).
  const client = (db as { $client?: object }).$client;
  const cached = client && versions.get(client)?.get(versionId);
  if (cached) return cached;
  const row = db.select().from(consultationVersions).where(eq(consultationVersions.id, versionId)).get();
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
function currentVersionRow(db: Db, consultation: { id: string; currentVersionId: number | null }) {
  const query = db.select().from(consultationVersions);
  return consultation.currentVersionId !== null
    ? query.where(eq(consultationVersions.id, consultation.currentVersionId)).get()
    : query.where(eq(consultationVersions.consultationId, consultation.id)).orderBy(desc(consultationVersions.id)).limit(1).get();
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
export function listConsultations(db: Db): ConsultationVersion[] {
  const all = db
    .select({ id: consultations.id, currentVersionId: consultations.currentVersionId })
    .from(consultations)
    .where(and(isShared, eq(consultations.status, "published")))
    .orderBy(consultations.title)
    .all();
  return all.flatMap((c) => {
    const row = currentVersionRow(db, c);
    return row ? [{ id: row.id, consultationId: c.id, template: templateOf(row) }] : [];
  });
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

function entryOf(db: Db, organisationId: number, row: typeof consultations.$inferSelect): ConsultationEntry | undefined {
  const v = currentVersionRow(db, row);
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
export function listVisibleConsultations(db: Db, organisationId: number): ConsultationEntry[] {
  return db
    .select()
    .from(consultations)
    .where(visibleTo(organisationId))
    .orderBy(consultations.title)
    .all()
    .flatMap((row) => entryOf(db, organisationId, row) ?? []);
}

/** A consultation the organisation may see; undefined otherwise (callers answer 404). */
export function getVisibleConsultation(db: Db, organisationId: number, id: string): ConsultationEntry | undefined {
  const row = db
    .select()
    .from(consultations)
    .where(and(eq(consultations.id, id), visibleTo(organisationId)))
    .get();
  return row && entryOf(db, organisationId, row);
}

export interface NewContent {
  template: Template;
  hash: string;
  sourceText: string;
  fileName: string;
}

/** Adds an organisation's consultation as a draft; `exists` when it already has one with that template id. */
export function createConsultation(db: Db, organisationId: number, content: NewContent): { status: "created"; id: string } | { status: "exists"; id: string } {
  const id = organisationConsultationKey(organisationId, content.template.id);
  return db.transaction((tx) => {
    if (tx.select({ id: consultations.id }).from(consultations).where(eq(consultations.id, id)).get()) return { status: "exists", id } as const;
    tx.insert(consultations)
      .values({ id, title: content.template.title, issuer: content.template.issuer, organisationId, status: "draft" })
      .run();
    const version = tx
      .insert(consultationVersions)
      .values({
        consultationId: id,
        contentHash: content.hash,
        templateJson: JSON.stringify(content.template),
        sourceFile: `upload:${content.fileName}`,
        sourceText: content.sourceText,
      })
      .returning({ id: consultationVersions.id })
      .get();
    tx.update(consultations).set({ currentVersionId: version.id }).where(eq(consultations.id, id)).run();
    return { status: "created", id } as const;
  }, IMMEDIATE);
}

export type ConsultationWriteResult =
  | { status: "saved"; version: number; versionId: number }
  | { status: "conflict"; current: ConsultationEntry }
  | { status: "notFound" };

function ownRow(db: Db, organisationId: number, id: string) {
  return db
    .select()
    .from(consultations)
    .where(and(eq(consultations.id, id), eq(consultations.organisationId, organisationId)))
    .get();
}

function responseCount(db: Db, versionId: number): number {
  return db.select({ n: count() }).from(responses).where(eq(responses.consultationVersionId, versionId)).get()?.n ?? 0;
}

/**
 * Saves edited template text of the organisation's consultation, if nobody changed it since
 * `baseVersion`. New content is a new version (responses keep theirs); the replaced version is
 * deleted only when no response uses it (a draft's intermediate edits leave nothing behind).
 */
export function saveConsultationSource(db: Db, organisationId: number, id: string, baseVersion: number, content: Omit<NewContent, "fileName">): ConsultationWriteResult {
  return db.transaction((tx) => {
    const t = tx as unknown as Db;
    const row = ownRow(t, organisationId, id);
    if (!row) return { status: "notFound" } as const;
    if (row.version !== baseVersion) return { status: "conflict", current: entryOf(t, organisationId, row)! } as const;
    const previous = currentVersionRow(t, row);
    let versionId: number;
    const same = t
      .select({ id: consultationVersions.id })
      .from(consultationVersions)
      .where(and(eq(consultationVersions.consultationId, id), eq(consultationVersions.contentHash, content.hash)))
      .get();
    if (same) {
      versionId = same.id;
      t.update(consultationVersions).set({ sourceText: content.sourceText }).where(eq(consultationVersions.id, versionId)).run();
    } else {
      versionId = t
        .insert(consultationVersions)
        .values({
          consultationId: id,
          contentHash: content.hash,
          templateJson: JSON.stringify(content.template),
          sourceFile: previous?.sourceFile ?? "upload:edit",
          sourceText: content.sourceText,
        })
        .returning({ id: consultationVersions.id })
        .get().id;
    }
    const version = row.version + 1;
    t.update(consultations)
      .set({ currentVersionId: versionId, title: content.template.title, issuer: content.template.issuer, version })
      .where(eq(consultations.id, id))
      .run();
    if (previous && previous.id !== versionId && responseCount(t, previous.id) === 0)
      t.delete(consultationVersions).where(eq(consultationVersions.id, previous.id)).run();
    return { status: "saved", version, versionId } as const;
  }, IMMEDIATE);
}

/** Changes status or sharing of the organisation's consultation (stale base → conflict). */
export function updateConsultation(
  db: Db,
  organisationId: number,
  id: string,
  baseVersion: number,
  change: { status?: ConsultationStatus; shared?: boolean },
): ConsultationWriteResult {
  return db.transaction((tx) => {
    const t = tx as unknown as Db;
    const row = ownRow(t, organisationId, id);
    if (!row) return { status: "notFound" } as const;
    if (row.version !== baseVersion) return { status: "conflict", current: entryOf(t, organisationId, row)! } as const;
    const version = row.version + 1;
    t.update(consultations)
      .set({ ...change, version })
      .where(and(eq(consultations.id, id), eq(consultations.version, baseVersion)))
      .run();
    return { status: "saved", version, versionId: row.currentVersionId ?? 0 } as const;
  }, IMMEDIATE);
}

/**
 * The current version of the consultation a response was written against, when it is newer than
 * the response's, published and visible to the organisation; undefined otherwise.
 */
export function newerVersionFor(db: Db, organisationId: number, consultationId: string, versionId: number): ConsultationEntry | undefined {
  const entry = getVisibleConsultation(db, organisationId, consultationId);
  if (!entry || entry.status !== "published" || entry.current.id === versionId) return undefined;
  return entry.current.id > versionId ? entry : undefined;
}

/** Whether a version is the current one of a published consultation the organisation may see. */
export function isStartable(db: Db, organisationId: number, versionId: number): boolean {
  const v = db.select({ consultationId: consultationVersions.consultationId }).from(consultationVersions).where(eq(consultationVersions.id, versionId)).get();
  if (!v) return false;
  const entry = getVisibleConsultation(db, organisationId, v.consultationId);
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
export function listOrganisationConsultationsForSiteAdmin(db: Db): SiteConsultation[] {
  return db
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
    .orderBy(organisations.name, consultations.title)
    .all();
}

/** Site administration only: share or unshare any organisation's consultation (stale base → conflict). */
export function setSharedAsSiteAdmin(db: Db, id: string, baseVersion: number, shared: boolean): ConsultationWriteResult {
  const row = db.select({ organisationId: consultations.organisationId }).from(consultations).where(eq(consultations.id, id)).get();
  if (!row || row.organisationId === null) return { status: "notFound" };
  return updateConsultation(db, row.organisationId, id, baseVersion, { shared });
}
