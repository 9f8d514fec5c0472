/**
 * Flattens a template into the official form's numbered items. Numbers are computed here and
 * nowhere else: every question and every feedback field takes the next number; priority options
 * are numbered N.1, N.2, ...
 */
import type { Question, Template, YesNo } from "./schema";

export type AnswerType = "yes_no" | "text" | "email" | "choice" | "ranking";

export interface RankOption {
  number: string;
  measureId: string;
  label: string;
}

export interface FormItem {
  /** Stable answer key, e.g. `m-3-1.support`, `kap3.priority`, `sender-name`. */
  key: string;
  number: number;
  text: string;
  answerType: AnswerType;
  section: "sender" | "chapter" | "general";
  chapterId?: string;
  measureId?: string;
  maxLength?: number;
  /** One-line input instead of a text area. */
  short?: boolean;
  choices?: { id: string; label: string }[];
  rankOptions?: RankOption[];
  maxRanks?: number;
  /** Asked only when the item `key` is answered `answer`. */
  askedWhen?: { key: string; answer: YesNo };
  /** A yes/no item's labels when the template renames them (`yesNoLabels`). */
  yesNoLabels?: { yes: string; no: string };
}

export interface FormSection {
  id: string;
  kind: "sender" | "chapter" | "general";
  title: string;
  items: FormItem[];
}

function questionItems(q: Question, section: FormItem["section"], chapterId?: string): Omit<FormItem, "number">[] {
  const base = { key: q.id, text: q.text, section, chapterId };
  switch (q.type) {
    case "text":
      return [{ ...base, answerType: "text", maxLength: q.maxLength, short: q.short }];
    case "email":
      return [{ ...base, answerType: "email", short: true }];
    case "single_choice":
      return [{ ...base, answerType: "choice", choices: q.options.map(({ id, label }) => ({ id, label })) }];
    case "yes_no": {
      const items: Omit<FormItem, "number">[] = [{ ...base, answerType: "yes_no" }];
      if (q.feedback)
        items.push({
          key: `${q.id}.feedback`,
          text: q.feedback.text,
          answerType: "text",
          section,
          chapterId,
          maxLength: q.feedback.maxLength,
          askedWhen: { key: q.id, answer: q.feedback.askedOn },
        });
      return items;
    }
  }
}

const sectionsCache = new WeakMap<Template, FormSection[]>();
const itemsCache = new WeakMap<Template, FormItem[]>();

/**
 * The form in order, grouped by section (sender, each chapter, general). Computed once per
 * template object (stored templates are parsed once per consultation version): callers must not
 * mutate the result.
 */
export function formSections(template: Template): FormSection[] {
  let sections = sectionsCache.get(template);
  if (!sections) sectionsCache.set(template, (sections = buildSections(template)));
  return sections;
}

function buildSections(template: Template): FormSection[] {
  let next = 1;
  const numbered = (items: Omit<FormItem, "number">[]): FormItem[] =>
    items.map((item) => ({ ...item, number: next++ }));
  const sections: FormSection[] = [];
  const { supportQuestion, feedbackText } = template.measureDefaults;

  if (template.sender.length)
    sections.push({
      id: "sender",
      kind: "sender",
      title: "Avsender",
      items: numbered(template.sender.flatMap((q) => questionItems(q, "sender"))),
    });

  for (const chapter of template.chapters) {
    const items: FormItem[] = [];
    for (const m of chapter.measures) {
      const common = { section: "chapter" as const, chapterId: chapter.id, measureId: m.id };
      items.push(
        ...numbered([
          {
            ...common,
            key: `${m.id}.support`,
            text: [m.text, m.reference, supportQuestion].filter(Boolean).join(" "),
            answerType: "yes_no",
          },
          { ...common, key: `${m.id}.feedback`, text: feedbackText, answerType: "text", maxLength: m.feedbackMaxLength },
        ]),
      );
    }
    if (chapter.priority) {
      const [priority] = numbered([
        {
          key: `${chapter.id}.priority`,
          text: chapter.priority.text,
          answerType: "ranking",
          section: "chapter",
          chapterId: chapter.id,
          maxRanks: Math.min(chapter.priority.maxRanks, chapter.measures.length),
        },
      ]);
      priority!.rankOptions = chapter.measures.map((m, i) => ({
        number: `${priority!.number}.${i + 1}`,
        measureId: m.id,
        label: m.priorityLabel ?? m.text,
      }));
      items.push(priority!);
      items.push(
        ...numbered([
          {
            key: `${chapter.id}.justification`,
            text: chapter.priority.justification.text,
            answerType: "text",
            section: "chapter",
            chapterId: chapter.id,
            maxLength: chapter.priority.justification.maxLength,
          },
        ]),
      );
    }
    items.push(...numbered(chapter.questions.flatMap((q) => questionItems(q, "chapter", chapter.id))));
    sections.push({ id: chapter.id, kind: "chapter", title: chapter.title, items });
  }

  if (template.general.length)
    sections.push({
      id: "general",
      kind: "general",
      title: "Generelle tilbakemeldinger",
      items: numbered(template.general.flatMap((q) => questionItems(q, "general"))),
    });
  const yesNoLabels = template.yesNoLabels;
  if (yesNoLabels) for (const item of sections.flatMap((s) => s.items)) if (item.answerType === "yes_no") item.yesNoLabels = yesNoLabels;
  return sections;
}

export function formItems(template: Template): FormItem[] {
  let items = itemsCache.get(template);
  if (!items) itemsCache.set(template, (items = formSections(template).flatMap((s) => s.items)));
  return items;
}
