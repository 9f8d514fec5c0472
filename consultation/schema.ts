/**
 * The consultation template format: one zod schema, used by the CLI, the loader and tests.
 * Pure module (no node APIs) so the browser bundle may import the types.
 *
 * A template lists the form's parts in the form's order: `sender` questions, then `chapters`
 * (each entry a chapter with measures, or a question group: `type: group`), then `general`.
 * Texts a template leaves out (measure questions, priority and justification texts) are filled
 * from the template language's defaults (`./defaults.ts`) when it is validated.
 */
import { z } from "zod";
import { LANGUAGE_DEFAULTS } from "./defaults";

// ── Building blocks ─────────────────────────────────────────────────────────────────────────────

export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
const id = z.string().regex(ID_PATTERN, "must be lower-case letters, digits, '-' or '_'");
const text = z.string().trim().min(1, "required");
const maxLength = z.number().int().positive("must be a positive whole number").optional();
/** Yes/no answers are stored language-neutral; `ja`/`nei` are read as deprecated aliases. */
export const YES_NO = ["yes", "no"] as const;
const yesNo = z
  .enum([...YES_NO, "ja", "nei"], { error: "must be yes or no" })
  .transform((v): (typeof YES_NO)[number] => (v === "ja" ? "yes" : v === "nei" ? "no" : v));

// ── Questions (sender, groups, chapters' standalone questions, general) ───────────────────────────

const textQuestion = z.strictObject({
  type: z.literal("text"),
  id,
  text,
  maxLength,
  /** Short one-line input (names) instead of a text area. */
  short: z.boolean().optional(),
});
const emailQuestion = z.strictObject({ type: z.literal("email"), id, text });
const choiceQuestion = z.strictObject({
  type: z.literal("single_choice"),
  id,
  text,
  options: z
    .array(
      z.strictObject({
        id,
        label: text,
        /** True for options not visible in the source form and assumed by us. */
        assumed: z.boolean().optional(),
      }),
    )
    .min(1, "needs at least one option"),
});
const yesNoQuestion = z.strictObject({
  type: z.literal("yes_no"),
  id,
  text,
  /** Feedback asked only when the answer is `askedOn`. */
  feedback: z.strictObject({ text, askedOn: yesNo, maxLength }).optional(),
});

const labelledOptions = z.array(z.strictObject({ id, label: text }));
/** A scale ("Helt enig … Helt uenig"): ordered options, one choice, stored as the option id. */
const scaleQuestion = z.strictObject({
  type: z.literal("scale"),
  id,
  text,
  options: labelledOptions.min(2, "a scale needs at least two options"),
});
/** Choose any of the options; stored as the chosen ids in option order. */
const multipleChoiceQuestion = z.strictObject({
  type: z.literal("multiple_choice"),
  id,
  text,
  options: labelledOptions.min(1, "needs at least one option"),
  /** The most options one may choose; default: all. */
  maxChoices: z.number().int().min(1, "must be at least 1 (to allow any number of choices, leave `maxChoices` out)").optional(),
});
/** A number (stored as a JSON number), optionally bounded, whole, with a unit ("kr", "%"). */
const numberQuestion = z.strictObject({
  type: z.literal("number"),
  id,
  text,
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  unit: z.string().trim().min(1, "is empty: write the unit (e.g. kr, %) or leave `unit` out").max(20, "at most 20 characters").optional(),
});

export const QUESTION_TYPES = ["text", "email", "single_choice", "yes_no", "scale", "multiple_choice", "number"] as const;

export const questionSchema = z.discriminatedUnion(
  "type",
  [textQuestion, emailQuestion, choiceQuestion, yesNoQuestion, scaleQuestion, multipleChoiceQuestion, numberQuestion],
  { error: `unknown question type (expected ${QUESTION_TYPES.join(", ")})` },
);
const questions = z.array(questionSchema);

// ── Chapters and question groups ──────────────────────────────────────────────────────────────

const measureSchema = z.strictObject({
  id,
  text,
  /** Report reference printed after the text, e.g. "Se kapittel 3.1." */
  reference: z.string().trim().optional(),
  /** Label in the chapter's priority question when it differs from `text`. */
  priorityLabel: text.optional(),
  /** `false`: no "do you support this measure?" question (the feedback field then carries the text). */
  support: z.boolean().optional(),
  /** `false`: no feedback field for this measure. */
  feedback: z.boolean().optional(),
  /** The feedback is asked only when the measure is answered this (e.g. `no`: only on "Uenig"). */
  feedbackAskedOn: yesNo.optional(),
  feedbackMaxLength: maxLength,
});

const prioritySchema = z.strictObject({
  /** Default: the template language's "which measures should be prioritised? up to N" text. */
  text: text.optional(),
  maxRanks: z.number().int().min(1, "must be at least 1 (to have no priority question, leave `priority` out)"),
  /** Default: a justification field with the language's default text; `false`: none. */
  justification: z.union([z.literal(false), z.strictObject({ text: text.optional(), maxLength })]).optional(),
});

const chapterSchema = z.strictObject({
  /** Optional: an entry without `type` is a chapter. */
  type: z.literal("chapter").optional(),
  id,
  title: text,
  /** The report's chapter number; the form may ask chapters in any order. */
  reportChapter: z.string().trim().optional(),
  measures: z.array(measureSchema).default([]),
  priority: prioritySchema.optional(),
  questions: questions.default([]),
});

/** Questions outside any chapter, in the form's order; without a title the UI shows a neutral heading. */
const groupSchema = z.strictObject({
  type: z.literal("group"),
  id,
  title: text.optional(),
  questions: questions.min(1, "a group needs at least one question"),
});

const partSchema = z.discriminatedUnion("type", [chapterSchema, groupSchema], {
  error: "unknown entry type (expected `type: group`, or no `type` for a chapter)",
});

/** Section ids the app uses for the sender part and general feedback. */
export const RESERVED_SECTION_IDS = ["sender", "general"] as const;

// ── The template ──────────────────────────────────────────────────────────────────────────────

const templateObject = z.strictObject({
  id,
  title: text,
  issuer: text,
  caseNumber: text,
  deadline: z.iso.date("must be a date written YYYY-MM-DD"),
  language: z.enum(["nb", "nn", "en"], { error: "unknown language: use nb (bokmål), nn (nynorsk) or en (English)" }),
  sourceUrl: z.url("must be a URL").optional(),
  note: z.string().optional(),
  /** Default: the template language's texts (see ./defaults.ts). */
  measureDefaults: z.strictObject({ supportQuestion: text.optional(), feedbackText: text.optional() }).optional(),
  /** Titles of the sender part and the general part; default: the UI's own words, in the reader's language. */
  senderTitle: text.optional(),
  generalTitle: text.optional(),
  /** The two yes/no labels (UI and documents), e.g. Enig/Uenig; default per document language. */
  yesNoLabels: z.strictObject({ yes: text, no: text }).optional(),
  /** The cover letter's default text; `{title}` and `{caseNumber}` are filled in. Default: per language (export/labels.ts). */
  coverLetter: z.strictObject({ text: text.max(10_000, "at most 10000 characters") }).optional(),
  sender: questions.default([]),
  chapters: z.array(partSchema).default([]),
  general: questions.default([]),
  /**
   * What a draft guessed and a person must check (a draft read from a printout: chapter titles,
   * option lists, the issuer, the deadline). The editor lists the notes; publishing waits until
   * the list is empty. `path` names the place (as problems do), `number` the form number(s).
   */
  review: z
    .array(z.strictObject({ path: z.string().trim().min(1, "required").max(300), number: z.string().max(40).optional(), note: text.max(1000, "at most 1000 characters") }))
    .max(500, "at most 500 review notes")
    .optional(),
  /**
   * A draft read from a printout: each item's number in the printout, by item key. The editor's
   * numbering shows it beside the draft's own number where they differ (after an edit). Not shown
   * in the form or the documents.
   */
  printoutNumbers: z
    .record(z.string().max(300), z.string().max(40))
    .refine((numbers) => Object.keys(numbers).length <= 5000, "at most 5000 entries")
    .optional(),
});

type RawTemplate = z.output<typeof templateObject>;
type RawPart = RawTemplate["chapters"][number];
type Path = (string | number)[];

/** A priority question once defaults are filled in: `justification: false` means none. */
export interface Priority {
  text: string;
  maxRanks: number;
  justification: { text: string; maxLength?: number } | false;
}
export type Chapter = Omit<Extract<RawPart, { measures: unknown }>, "priority"> & { priority?: Priority };
export type QuestionGroup = Extract<RawPart, { type: "group" }>;
/** An entry of `chapters`: a chapter or a question group. */
export type Part = Chapter | QuestionGroup;
export type Template = Omit<RawTemplate, "measureDefaults" | "chapters"> & {
  measureDefaults: { supportQuestion: string; feedbackText: string };
  chapters: Part[];
};

/** Checking options: `draft` lets a form with no questions yet pass (an in-app draft started empty; publishing still needs one). */
export interface CheckOptions {
  draft?: boolean;
}

function checkTemplate(template: RawTemplate, ctx: z.RefinementCtx, options: CheckOptions = {}) {
  const problem = (path: Path, message: string) => ctx.addIssue({ code: "custom", path, message });
  const seen = new Map<string, Path>();
  const claim = (value: string, path: Path) => {
    const first = seen.get(value);
    if (first) problem(path, `duplicate id "${value}" (first used at ${formatPath(first, template)})`);
    else seen.set(value, path);
  };
  const claimQuestions = (list: RawTemplate["sender"], base: Path) =>
    list.forEach((q, i) => {
      claim(q.id, [...base, i, "id"]);
      if (q.type === "single_choice" || q.type === "scale" || q.type === "multiple_choice") {
        const options = new Set<string>();
        q.options.forEach((o, k) => {
          if (options.has(o.id)) problem([...base, i, "options", k, "id"], `duplicate option id "${o.id}"`);
          options.add(o.id);
        });
      }
      if (q.type === "multiple_choice" && q.maxChoices !== undefined && q.maxChoices > q.options.length)
        problem([...base, i, "maxChoices"], `is ${q.maxChoices} but the question has ${q.options.length} option${q.options.length === 1 ? "" : "s"} (to allow choosing all, leave \`maxChoices\` out)`);
      if (q.type === "number") {
        if (q.min !== undefined && q.max !== undefined && q.min > q.max) problem([...base, i, "min"], `is larger than \`max\` (${q.min} > ${q.max})`);
        if (q.integer && q.min !== undefined && !Number.isInteger(q.min)) problem([...base, i, "min"], "must be a whole number when `integer: true`");
        if (q.integer && q.max !== undefined && !Number.isInteger(q.max)) problem([...base, i, "max"], "must be a whole number when `integer: true`");
      }
    });

  claimQuestions(template.sender, ["sender"]);
  template.chapters.forEach((part, c) => {
    const at: Path = ["chapters", c];
    claim(part.id, [...at, "id"]);
    if ((RESERVED_SECTION_IDS as readonly string[]).includes(part.id))
      problem([...at, "id"], `"${part.id}" is reserved for the ${part.id === "sender" ? "sender part" : "general part"}; choose another id`);
    if (part.type === "group") return claimQuestions(part.questions, [...at, "questions"]);
    part.measures.forEach((m, i) => {
      claim(m.id, [...at, "measures", i, "id"]);
      if (m.support === false && m.feedback === false && !part.priority)
        problem([...at, "measures", i], "asks nothing: with `support: false` and `feedback: false` a measure only appears in the chapter's `priority` question, and this chapter has none");
      if (m.feedbackAskedOn !== undefined && (m.support === false || m.feedback === false))
        problem([...at, "measures", i, "feedbackAskedOn"], `needs both the support question and the feedback field (leave out \`${m.support === false ? "support" : "feedback"}: false\` or \`feedbackAskedOn\`)`);
      if (m.feedback === false && m.feedbackMaxLength !== undefined)
        problem([...at, "measures", i, "feedbackMaxLength"], "has no effect with `feedback: false` (leave one of them out)");
    });
    claimQuestions(part.questions, [...at, "questions"]);
    if (part.priority && part.measures.length === 0) problem([...at, "priority"], "a priority question needs the chapter to have measures");
    if (part.measures.length === 0 && part.questions.length === 0) problem(at, "chapter has no measures and no questions");
  });
  claimQuestions(template.general, ["general"]);
  if (!options.draft && !template.sender.length && !template.chapters.length && !template.general.length)
    problem([], "the form has no questions: add `sender` questions, `chapters` (chapters or question groups) or `general` questions");
}

/** Fills the texts a template left out from its language's defaults (keys keep their order). */
function withDefaults(template: RawTemplate): Template {
  const defaults = LANGUAGE_DEFAULTS[template.language];
  const given = template.measureDefaults ?? {};
  return {
    ...template,
    measureDefaults: {
      ...given,
      supportQuestion: given.supportQuestion ?? defaults.supportQuestion,
      feedbackText: given.feedbackText ?? defaults.feedbackText,
    },
    chapters: template.chapters.map((part): Part => {
      if (part.type === "group" || !part.priority) return part as Part;
      const { priority } = part;
      const ranks = Math.min(priority.maxRanks, part.measures.length);
      return {
        ...part,
        priority: {
          ...priority,
          text: priority.text ?? defaults.priorityText(ranks),
          justification:
            priority.justification === false
              ? (false as const)
              : { ...priority.justification, text: priority.justification?.text ?? defaults.justificationText },
        },
      };
    }),
  };
}

export const templateSchema = templateObject.superRefine((t, ctx) => checkTemplate(t, ctx)).transform(withDefaults);
/** The same, for an in-app draft: a form with no questions yet is allowed (see CheckOptions). */
export const draftTemplateSchema = templateObject.superRefine((t, ctx) => checkTemplate(t, ctx, { draft: true })).transform(withDefaults);

/** What a template file (or an editor) may write: defaults not yet filled in. */
export type TemplateInput = z.input<typeof templateSchema>;
export type Question = z.infer<typeof questionSchema>;
export type Measure = Chapter["measures"][number];
export type YesNo = z.output<typeof yesNo>;

export const isGroup = (part: Part): part is QuestionGroup => part.type === "group";

// ── Problems: paths by id, hints ──────────────────────────────────────────────────────────────

export interface TemplateProblem {
  path: string;
  message: string;
  /** The file's line (1-based) where the problem is, when known (the text was YAML/JSON). */
  line?: number;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

const idOf = (value: unknown): string | undefined => {
  const candidate = value && typeof value === "object" ? (value as { id?: unknown }).id : undefined;
  return typeof candidate === "string" && ID_PATTERN.test(candidate) ? candidate : undefined;
};

/**
 * Formats a path as `chapters[kap3].measures[kap3-tiltak-4].text`: a list entry is named by its
 * id when it has a valid one that is unique in its list, otherwise by its position (from 0).
 */
export function formatPath(path: readonly PropertyKey[], root?: unknown): string {
  let value = root;
  let out = "";
  path.forEach((part, i) => {
    if (typeof part === "number") {
      const list = Array.isArray(value) ? value : undefined;
      const key = list ? idOf(list[part]) : undefined;
      const unique = key !== undefined && list!.filter((entry) => idOf(entry) === key).length === 1;
      out += `[${unique ? key : part}]`;
    } else out += `${i === 0 ? "" : "."}${String(part)}`;
    value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[part] : undefined;
  });
  return out || "(root)";
}

type AnySchema = z.core.$ZodType;
interface SchemaDef {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  options?: AnySchema[];
  element?: AnySchema;
  shape?: Record<string, AnySchema>;
  values?: unknown[];
}
const defOf = (schema: AnySchema | undefined) => schema?._zod.def as SchemaDef | undefined;
const WRAPPERS = ["optional", "default", "nullable", "prefault", "readonly"];

/** The `type` values an object schema accepts (`undefined` when `type` is optional). */
function typeValues(object: AnySchema): unknown[] {
  const def = defOf(defOf(object)?.shape?.type);
  if (!def) return [];
  if (def.type === "optional") return [undefined, ...(defOf(def.innerType)?.values ?? [])];
  return def.values ?? [];
}

/** Unwraps optional/default/pipe; picks a union's object option by the data's `type`. */
function resolveSchema(schema: AnySchema | undefined, value: unknown): AnySchema | undefined {
  const def = defOf(schema);
  if (!def) return undefined;
  if (WRAPPERS.includes(def.type)) return resolveSchema(def.innerType, value);
  if (def.type === "pipe") return resolveSchema(def.in, value);
  if (def.type === "union") {
    const type = value && typeof value === "object" ? (value as { type?: unknown }).type : undefined;
    const objects = def.options!.map((o) => resolveSchema(o, value)).filter((o): o is AnySchema => defOf(o)?.type === "object");
    return objects.find((o) => typeValues(o).includes(type)) ?? objects[0];
  }
  return schema;
}

/** The object schema's keys that apply at `path` (unions resolved by the data's `type`). */
function knownKeys(schema: AnySchema, root: unknown, path: readonly PropertyKey[]): string[] {
  let current: AnySchema | undefined = schema;
  let value = root;
  for (const part of path) {
    const def = defOf(resolveSchema(current, value));
    if (def?.type === "array") current = def.element;
    else if (def?.type === "object") current = def.shape![String(part)];
    else return [];
    value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[part] : undefined;
  }
  const def = defOf(resolveSchema(current, value));
  return def?.type === "object" ? Object.keys(def.shape!) : [];
}

/** Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

/** The known word closest to `word`, if it is close enough to be a typo. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** A valid id close to what was typed: "Kapittel 3" → "kapittel-3". */
const suggestId = (value: string) =>
  value
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/å/g, "a")
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+|-+$/g, "");

const kindOf = (value: unknown) =>
  value === null ? "empty" : Array.isArray(value) ? "a list" : typeof value === "object" ? "a group of fields" : typeof value === "string" ? "text" : typeof value;

/** One zod issue as a problem a template author can act on. */
function describe(issue: z.core.$ZodIssue, data: unknown): TemplateProblem[] {
  const path = formatPath(issue.path, data);
  const value = valueAt(data, issue.path);
  const field = issue.path[issue.path.length - 1];
  const parent = valueAt(data, issue.path.slice(0, -1));
  const missing = value === undefined && parent !== null && typeof parent === "object" && !Array.isArray(parent);
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownKeys(templateObject, data, issue.path);
      return issue.keys.map((key) => {
        const near = closest(key, known);
        const message = near
          ? `unknown field "${key}": did you mean "${near}"?`
          : `unknown field "${key}"${known.length ? ` (fields here: ${known.join(", ")})` : ""}`;
        return { path, message };
      });
    }
    case "invalid_type": {
      if (missing) return [{ path, message: "required" }];
      // `sender:` with nothing after it: YAML reads an empty value.
      if (value === null) return [{ path, message: "is empty: give it a value, or remove the line if it is optional" }];
      const expected = issue.expected as string;
      if (expected === "string" && (typeof value === "number" || typeof value === "boolean"))
        return [{ path, message: `must be text: write it in quotes ("${String(value)}")` }];
      if (expected === "array") return [{ path, message: `must be a list (each entry on its own line, starting with "- "), not ${kindOf(value)}` }];
      if (expected === "boolean") return [{ path, message: `must be true or false, not ${kindOf(value)}${typeof value === "string" ? ` "${value}"` : ""}` }];
      if (expected === "number" && typeof value === "string") return [{ path, message: "must be a number (without quotes)" }];
      if (expected === "object") return [{ path, message: `must be a group of fields ("key: value" lines, indented), not ${kindOf(value)}` }];
      return [{ path, message: `must be ${expected}, not ${kindOf(value)}` }];
    }
    case "invalid_union": {
      // A discriminated union's `type` (of a question, or of an entry of `chapters`) did not match.
      if (field === "type") {
        const inParts = issue.path[0] === "chapters" && issue.path.length === 3;
        // A question's type in `chapters`: the intent (a standalone question) is plain.
        if (inParts && (QUESTION_TYPES as readonly unknown[]).includes(value))
          return [{ path, message: "a question cannot stand directly in `chapters`: put it in the `questions` of a chapter or of a group (`type: group`)" }];
        if (typeof value === "string") {
          const near = closest(value, inParts ? ["group", "chapter"] : QUESTION_TYPES);
          if (near) return [{ path, message: `${issue.message}: did you mean "${near}"?` }];
        }
        if (value === undefined && !inParts) return [{ path, message: `required (one of ${QUESTION_TYPES.join(", ")})` }];
      }
      return [{ path, message: issue.message }];
    }
    case "invalid_format":
      if (field === "id" || issue.path.includes("options")) {
        if (typeof value === "string" && suggestId(value)) return [{ path, message: `${issue.message}, e.g. "${suggestId(value)}"` }];
      }
      return [{ path, message: issue.message }];
    default:
      return [{ path, message: missing ? "required" : issue.message }];
  }
}

/**
 * Validates parsed template data; problems name the path (by id), missing fields say "required".
 * `lineOf` (given by the file reader) finds the source line of a path, or of its nearest parent.
 */
export function validateTemplate(
  data: unknown,
  lineOf?: (path: readonly PropertyKey[]) => number | undefined,
  options: CheckOptions = {},
): { ok: true; template: Template } | { ok: false; problems: TemplateProblem[] } {
  const result = (options.draft ? draftTemplateSchema : templateSchema).safeParse(data);
  if (result.success) return { ok: true, template: result.data };
  return {
    ok: false,
    problems: result.error.issues.flatMap((issue) => {
      const line = lineOf?.(issue.path);
      return describe(issue, data).map((problem) => (line === undefined ? problem : { ...problem, line }));
    }),
  };
}
