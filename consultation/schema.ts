/**
 * The consultation template format: one zod schema, used by the CLI, the loader and tests.
 * Pure module (no node APIs) so the browser bundle may import the types.
 */
import { z } from "zod";

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "must be lower-case letters, digits, '-' or '_'");
const text = z.string().trim().min(1, "required");
const maxLength = z.number().int().positive("must be a positive whole number").optional();
/** Yes/no answers are stored language-neutral; `ja`/`nei` are read as deprecated aliases. */
export const YES_NO = ["yes", "no"] as const;
const yesNo = z
  .enum([...YES_NO, "ja", "nei"], { error: "must be yes or no" })
  .transform((v): (typeof YES_NO)[number] => (v === "ja" ? "yes" : v === "nei" ? "no" : v));

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

export const questionSchema = z.discriminatedUnion(
  "type",
  [textQuestion, emailQuestion, choiceQuestion, yesNoQuestion],
  { error: "unknown question type (expected text, email, single_choice or yes_no)" },
);

const measureSchema = z.strictObject({
  id,
  text,
  /** Report reference printed after the text, e.g. "Se kapittel 3.1." */
  reference: z.string().trim().optional(),
  /** Label in the chapter's priority question when it differs from `text`. */
  priorityLabel: text.optional(),
  feedbackMaxLength: maxLength,
});

const chapterSchema = z.strictObject({
  id,
  title: text,
  /** The report's chapter number; the form may ask chapters in any order. */
  reportChapter: z.string().trim().optional(),
  measures: z.array(measureSchema).default([]),
  priority: z
    .strictObject({
      text,
      maxRanks: z.number().int().min(1, "must be at least 1"),
      justification: z.strictObject({ text, maxLength }),
    })
    .optional(),
  questions: z.array(questionSchema).default([]),
});

export const templateSchema = z
  .strictObject({
    id,
    title: text,
    issuer: text,
    caseNumber: text,
    deadline: z.iso.date("must be a date written YYYY-MM-DD"),
    language: z.enum(["nb", "nn", "en"]),
    sourceUrl: z.url("must be a URL").optional(),
    note: z.string().optional(),
    measureDefaults: z.strictObject({ supportQuestion: text, feedbackText: text }),
    /** The two yes/no labels (UI and documents), e.g. Enig/Uenig; default per document language. */
    yesNoLabels: z.strictObject({ yes: text, no: text }).optional(),
    sender: z.array(questionSchema).default([]),
    chapters: z.array(chapterSchema).min(1, "needs at least one chapter"),
    general: z.array(questionSchema).default([]),
  })
  .superRefine((template, ctx) => {
    const seen = new Map<string, string>();
    const claim = (value: string, path: (string | number)[]) => {
      const where = path.join(".");
      const first = seen.get(value);
      if (first) ctx.addIssue({ code: "custom", path, message: `duplicate id "${value}" (first used at ${first})` });
      else seen.set(value, where);
    };
    const claimQuestions = (questions: { id: string }[], base: (string | number)[]) =>
      questions.forEach((q, i) => claim(q.id, [...base, i, "id"]));
    claimQuestions(template.sender, ["sender"]);
    template.chapters.forEach((chapter, c) => {
      claim(chapter.id, ["chapters", c, "id"]);
      chapter.measures.forEach((m, i) => claim(m.id, ["chapters", c, "measures", i, "id"]));
      claimQuestions(chapter.questions, ["chapters", c, "questions"]);
      if (chapter.priority && chapter.measures.length === 0)
        ctx.addIssue({
          code: "custom",
          path: ["chapters", c, "priority"],
          message: "a priority question needs the chapter to have measures",
        });
      if (chapter.measures.length === 0 && chapter.questions.length === 0)
        ctx.addIssue({ code: "custom", path: ["chapters", c], message: "chapter has no measures and no questions" });
    });
    claimQuestions(template.general, ["general"]);
  });

export type Template = z.infer<typeof templateSchema>;
export type Question = z.infer<typeof questionSchema>;
export type Chapter = Template["chapters"][number];
export type Measure = Chapter["measures"][number];
export type YesNo = z.output<typeof yesNo>;

export interface TemplateProblem {
  path: string;
  message: string;
}

/** Formats a zod path as `chapters[2].measures[4].text`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
    .join("") || "(root)";
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/** Validates parsed template data; problems name the path, missing fields say "required". */
export function validateTemplate(
  data: unknown,
): { ok: true; template: Template } | { ok: false; problems: TemplateProblem[] } {
  const result = templateSchema.safeParse(data);
  if (result.success) return { ok: true, template: result.data };
  const problems = result.error.issues.map((issue) => {
    const missing = issue.code === "invalid_type" && valueAt(data, issue.path) === undefined;
    return { path: formatPath(issue.path), message: missing ? "required" : issue.message };
  });
  return { ok: false, problems };
}
