/** The chapter page's reference lines: one query, only this chapter's measures, only what the line shows. */
import type { Template } from "../../../consultation/schema";
import { getDb } from "../../../db/client";
import { listReferences } from "../../../db/queries/references";
import { compareAnswers, type ReferenceLine } from "./compare";

/** Keyed by the measure's support question key; empty when the response has no references. */
export async function chapterReferences(organisationId: number, responseId: number, template: Template, sectionId: string): Promise<Record<string, ReferenceLine[]>> {
  const references = await listReferences(getDb(), organisationId, responseId);
  if (references.length === 0) return {};
  const { rows } = compareAnswers(template, () => undefined, references.map((r) => r.answers), sectionId);
  return Object.fromEntries(
    rows.map((row) => [
      row.supportKey,
      row.theirs.map((p, i) => ({ organisation: references[i]!.organisationName, support: p.support, rank: p.rank, feedback: p.feedback })),
    ]),
  );
}
