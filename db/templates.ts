/**
 * Loads every template file into the database, idempotently: keyed by template id + content hash.
 * A changed template becomes a new consultation version; existing responses keep their version.
 * Any invalid template stops the load with every problem named (nothing is half-loaded).
 */
import { and, eq } from "drizzle-orm";
import { formatProblems, readTemplateFile, templateFiles } from "../consultation/file.server";
import { transaction, type Db } from "./client";
import { consultations, consultationVersions } from "./schema";

export class InvalidTemplatesError extends Error {
  constructor(message: string) {
    super(`Invalid template(s):\n${message}`);
    this.name = "InvalidTemplatesError";
  }
}

export interface LoadedTemplate {
  id: string;
  versionId: number;
  created: boolean;
}

export async function loadTemplates(db: Db, files = templateFiles()): Promise<LoadedTemplate[]> {
  const results = files.map(readTemplateFile);
  const failures = results.filter((r) => !r.ok);
  if (failures.length) throw new InvalidTemplatesError(failures.map(formatProblems).join("\n"));
  const ids = new Set<string>();
  for (const r of results) {
    if (!r.ok) continue;
    if (ids.has(r.template.id)) throw new InvalidTemplatesError(`${r.file}: id: "${r.template.id}" is used by another template file`);
    ids.add(r.template.id);
  }

  return await transaction(db, async (tx) => {
    const loaded: LoadedTemplate[] = [];
    for (const r of results) {
      if (!r.ok) continue;
      const { template, hash, file } = r;
      await tx.insert(consultations)
        .values({ id: template.id, title: template.title, issuer: template.issuer })
        .onConflictDoUpdate({ target: consultations.id, set: { title: template.title, issuer: template.issuer } });
      const existing = (await tx
        .select({ id: consultationVersions.id })
        .from(consultationVersions)
        .where(and(eq(consultationVersions.consultationId, template.id), eq(consultationVersions.contentHash, hash))))[0];
      if (existing) {
        loaded.push({ id: template.id, versionId: existing.id, created: false });
        continue;
      }
      const inserted = (await tx
        .insert(consultationVersions)
        .values({
          consultationId: template.id,
          contentHash: hash,
          templateJson: JSON.stringify(template),
          sourceFile: file,
        })
        .returning({ id: consultationVersions.id }))[0]!;
      loaded.push({ id: template.id, versionId: inserted.id, created: true });
    }
    return loaded;
  });
}
