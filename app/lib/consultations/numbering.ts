/** The numbering preview of a template (pure: the parse worker and the pages use it). */
import { formSections } from "../../../consultation/form";
import type { Template } from "../../../consultation/schema";
import { sectionHeading, type SectionHeading } from "../section-title";

export interface PreviewItem {
  number: string;
  text: string;
  key: string;
  answerType: string;
  /** For a conditional question: the number of the question it follows and the answer. */
  askedWhen?: { number: number; answer: string; /** The consultation's own word for that answer (yesNoLabels), if it has one. */ label?: string };
  options?: { number: string; label: string }[];
  /** A draft read from a printout, where its number differs: the item's number in the printout ("" when the printout did not have it). */
  printoutNumber?: string;
}

export interface PreviewSection {
  id: string;
  heading: SectionHeading;
  items: PreviewItem[];
}

/** Every item with its form number, exactly as the form numbers it (formSections). */
export function numberingPreview(template: Template): PreviewSection[] {
  const sections = formSections(template);
  const numberOf = new Map(sections.flatMap((s) => s.items.map((item) => [item.key, item.number] as const)));
  const printout = template.printoutNumbers;
  const printoutNumber = (key: string, number: number) => {
    if (!printout) return {};
    const was = Object.hasOwn(printout, key) ? printout[key]! : "";
    return was === String(number) ? {} : { printoutNumber: was };
  };
  return sections.map((section) => ({
    id: section.id,
    heading: sectionHeading(section),
    items: section.items.map((item) => ({
      number: String(item.number),
      text: item.text,
      key: item.key,
      answerType: item.answerType,
      askedWhen: item.askedWhen && {
        number: numberOf.get(item.askedWhen.key) ?? 0,
        answer: item.askedWhen.answer,
        ...(template.yesNoLabels ? { label: template.yesNoLabels[item.askedWhen.answer] } : {}),
      },
      options: item.rankOptions?.map((o) => ({ number: o.number, label: o.label })) ?? item.choices?.map((c) => ({ number: "", label: c.label })),
      ...printoutNumber(item.key, item.number),
    })),
  }));
}


/** A live preview shows at most this many items (real forms have ~20–150); the rest is counted. */
export const MAX_PREVIEW_ITEMS = 600;

/** The preview cut to MAX_PREVIEW_ITEMS items, and how many were left out. */
export function cappedPreview(sections: PreviewSection[], max = MAX_PREVIEW_ITEMS): { sections: PreviewSection[]; omitted: number } {
  let left = max;
  let omitted = 0;
  const out: PreviewSection[] = [];
  for (const section of sections) {
    if (left <= 0) {
      omitted += section.items.length;
      continue;
    }
    out.push(section.items.length <= left ? section : { ...section, items: section.items.slice(0, left) });
    omitted += Math.max(0, section.items.length - left);
    left -= section.items.length;
  }
  return { sections: out, omitted };
}
