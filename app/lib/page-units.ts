/**
 * How a section page groups its numbered items into what people think in: a measure is one unit
 * (its Ja/Nei and its feedback under the measure's text and report reference), a chapter's
 * priority question and its justification are one unit, every other question stands alone.
 * Form numbers are untouched: only the repeated measure text moves from the question to the unit.
 */
import type { FormItem, FormSection } from "../../consultation/form";
import type { Template } from "../../consultation/schema";

export type PageUnit =
  | { kind: "measure"; id: string; text: string; reference?: string; items: FormItem[] }
  | { kind: "priority"; id: string; items: FormItem[] }
  | { kind: "question"; id: string; items: FormItem[] };

export function pageUnits(section: Pick<FormSection, "id" | "kind" | "items">, template: Template): PageUnit[] {
  const chapter = section.kind === "chapter" ? template.chapters.find((part) => part.id === section.id && part.type !== "group") : undefined;
  const measures = new Map(chapter && "measures" in chapter ? chapter.measures.map((m) => [m.id, m]) : []);
  const { supportQuestion, feedbackText } = template.measureDefaults;
  const units: PageUnit[] = [];
  for (const item of section.items) {
    const measure = item.measureId ? measures.get(item.measureId) : undefined;
    if (measure) {
      const last = units.at(-1);
      // The question without the measure text the unit's heading already shows.
      const text = item.answerType === "yes_no" ? supportQuestion : feedbackText;
      const shown = { ...item, text };
      if (last?.kind === "measure" && last.id === measure.id) last.items.push(shown);
      else units.push({ kind: "measure", id: measure.id, text: measure.text, ...(measure.reference ? { reference: measure.reference } : {}), items: [shown] });
      continue;
    }
    if (item.answerType === "ranking" && chapter) {
      units.push({ kind: "priority", id: item.key, items: [item] });
      continue;
    }
    const last = units.at(-1);
    if (last?.kind === "priority" && item.key === `${section.id}.justification`) {
      last.items.push(item);
      continue;
    }
    units.push({ kind: "question", id: item.key, items: [item] });
  }
  return units;
}
