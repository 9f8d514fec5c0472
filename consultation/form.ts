/**
 * Flattens a template into the official form's numbered items. Numbers are computed here and
 * nowhere else: every question and every feedback field takes the next number, in file order
 * (sender, each chapter or question group, general); priority options are numbered N.1, N.2, ...
 */
import type { Chapter, Question, Template, YesNo } from "./schema";

export type AnswerType = "yes_no" | "text" | "email" | "choice" | "ranking" | "scale" | "multiple_choice" | "number";

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
  section: SectionKind;
  chapterId?: string;
  measureId?: string;
  maxLength?: number;
  /** One-line input instead of a text area. */
  short?: boolean;
  choices?: { id: string; label: string }[];
  rankOptions?: RankOption[];
  maxRanks?: number;
  /** A multiple-choice item's most choices (absent: any number). */
  maxChoices?: number;
  /** A number item's bounds, whole-number rule and unit. */
  min?: number;
  max?: number;
  integer?: boolean;
  unit?: string;
  /** Asked only when the item `key` is answered `answer`. */
  askedWhen?: { key: string; answer: YesNo };
  /** A yes/no item's labels when the template renames them (`yesNoLabels`). */
  yesNoLabels?: { yes: string; no: string };
}

export type SectionKind = "sender" | "chapter" | "group" | "general";

export interface FormSection {
  id: string;
  kind: SectionKind;
  /**
   * The template's title. Absent for an untitled group and for sender/general without
   * `senderTitle`/`generalTitle`: the UI then names the part in the reader's language.
   * Documents print no section titles.
   */
  title?: string;
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
    case "scale":
      return [{ ...base, answerType: "scale", choices: q.options.map(({ id, label }) => ({ id, label })) }];
    case "multiple_choice":
      return [
        {
          ...base,
          answerType: "multiple_choice",
          choices: q.options.map(({ id, label }) => ({ id, label })),
          ...(q.maxChoices !== undefined ? { maxChoices: q.maxChoices } : {}),
        },
      ];
    case "number":
      return [
        {
          ...base,
          answerType: "number",
          ...(q.min !== undefined ? { min: q.min } : {}),
          ...(q.max !== undefined ? { max: q.max } : {}),
          ...(q.integer ? { integer: true } : {}),
          ...(q.unit ? { unit: q.unit } : {}),
        },
      ];
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
  const numbered = (items: Omit<FormItem, "number">[]): FormItem[] => items.map((item) => ({ ...item, number: next++ }));
  const sections: FormSection[] = [];

  if (template.sender.length)
    sections.push({
      id: "sender",
      kind: "sender",
      ...(template.senderTitle ? { title: template.senderTitle } : {}),
      items: numbered(template.sender.flatMap((q) => questionItems(q, "sender"))),
    });

  for (const part of template.chapters) {
    if (part.type === "group") {
      sections.push({
        id: part.id,
        kind: "group",
        ...(part.title ? { title: part.title } : {}),
        items: numbered(part.questions.flatMap((q) => questionItems(q, "group"))),
      });
      continue;
    }
    sections.push({ id: part.id, kind: "chapter", title: part.title, items: chapterItems(part, template, numbered) });
  }

  if (template.general.length)
    sections.push({
      id: "general",
      kind: "general",
      ...(template.generalTitle ? { title: template.generalTitle } : {}),
      items: numbered(template.general.flatMap((q) => questionItems(q, "general"))),
    });
  const yesNoLabels = template.yesNoLabels;
  if (yesNoLabels) for (const item of sections.flatMap((s) => s.items)) if (item.answerType === "yes_no") item.yesNoLabels = yesNoLabels;
  return sections;
}

/**
 * A chapter's items: per measure its support question ("<text> <reference> <supportQuestion>")
 * and its feedback field (each unless turned off; without the support question the feedback field
 * carries the measure's text), then the priority question and its justification, then the
 * chapter's standalone questions.
 */
function chapterItems(chapter: Chapter, template: Template, numbered: (items: Omit<FormItem, "number">[]) => FormItem[]): FormItem[] {
  const { supportQuestion, feedbackText } = template.measureDefaults;
  const items: FormItem[] = [];
  for (const m of chapter.measures) {
    const common = { section: "chapter" as const, chapterId: chapter.id, measureId: m.id };
    const about = [m.text, m.reference].filter(Boolean).join(" ");
    const support = m.support !== false;
    items.push(
      ...numbered([
        ...(support ? [{ ...common, key: `${m.id}.support`, text: `${about} ${supportQuestion}`, answerType: "yes_no" as const }] : []),
        ...(m.feedback !== false
          ? [
              {
                ...common,
                key: `${m.id}.feedback`,
                text: support ? feedbackText : `${about} ${feedbackText}`,
                answerType: "text" as const,
                maxLength: m.feedbackMaxLength,
                ...(support && m.feedbackAskedOn ? { askedWhen: { key: `${m.id}.support`, answer: m.feedbackAskedOn } } : {}),
              },
            ]
          : []),
      ]),
    );
  }
  if (chapter.priority) {
    const { priority: question } = chapter;
    const [priority] = numbered([
      {
        key: `${chapter.id}.priority`,
        text: question.text,
        answerType: "ranking",
        section: "chapter",
        chapterId: chapter.id,
        maxRanks: Math.min(question.maxRanks, chapter.measures.length),
      },
    ]);
    priority!.rankOptions = chapter.measures.map((m, i) => ({
      number: `${priority!.number}.${i + 1}`,
      measureId: m.id,
      label: m.priorityLabel ?? m.text,
    }));
    items.push(priority!);
    if (question.justification)
      items.push(
        ...numbered([
          {
            key: `${chapter.id}.justification`,
            text: question.justification.text,
            answerType: "text",
            section: "chapter",
            chapterId: chapter.id,
            maxLength: question.justification.maxLength,
          },
        ]),
      );
  }
  items.push(...numbered(chapter.questions.flatMap((q) => questionItems(q, "chapter", chapter.id))));
  return items;
}

export function formItems(template: Template): FormItem[] {
  let items = itemsCache.get(template);
  if (!items) itemsCache.set(template, (items = formSections(template).flatMap((s) => s.items)));
  return items;
}
