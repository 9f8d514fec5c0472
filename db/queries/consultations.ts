import { desc, eq } from "drizzle-orm";
import { templateSchema, type Template } from "../../consultation/schema";
import type { Db } from "../client";
import { consultations, consultationVersions } from "../schema";

export interface ConsultationVersion {
  id: number;
  consultationId: string;
  template: Template;
}

const parsed = new Map<number, Template>();

/** Parses a stored template once per process (stored rows are immutable). */
function templateOf(row: { id: number; templateJson: string }): Template {
  let template = parsed.get(row.id);
  if (!template) {
    template = templateSchema.parse(JSON.parse(row.templateJson));
    parsed.set(row.id, template);
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

/** Every consultation with its newest version (the one new responses start from). */
export function listConsultations(db: Db): ConsultationVersion[] {
  const all = db.select({ id: consultations.id }).from(consultations).orderBy(consultations.title).all();
  return all.flatMap(({ id }) => {
    const row = db
      .select()
      .from(consultationVersions)
      .where(eq(consultationVersions.consultationId, id))
      .orderBy(desc(consultationVersions.id))
      .limit(1)
      .get();
    return row ? [{ id: row.id, consultationId: id, template: templateOf(row) }] : [];
  });
}
