/**
 * The drafting form's zod schema, built from the template: one schema per section page, used by
 * the browser (before autosave) and the server (parseWithZod) alike.
 *
 * Field names: an answer key with "." replaced by "__" (Conform reads "." as nesting);
 * `v.<field>` carries the answer version the edit started from; a ranking posts
 * `<field>.<measureId>` = rank.
 */
import { z } from "zod";
import type { Translate } from "../i18n";
import type { AnswerValue } from "./answers";
import type { FormItem } from "./form";
import { checkRanking, checkText, type AnswerProblem, type RankEntry } from "./validate";

export const fieldName = (key: string) => key.replaceAll(".", "__");
export const keyOfField = (field: string) => field.replaceAll("__", ".");

export function problemMessage(t: Translate, problem: AnswerProblem): string {
  return t(`validation.${problem.code}`, problem.params);
}

function fieldSchema(item: FormItem, t: Translate): z.ZodType {
  switch (item.answerType) {
    case "yes_no":
      return z.enum(["ja", "nei"], { error: t("validation.notYesNo") }).optional();
    case "choice": {
      const ids = item.choices!.map((c) => c.id) as [string, ...string[]];
      return z.enum(ids, { error: t("validation.unknownChoice") }).optional();
    }
    case "ranking":
      return z
        .record(z.string(), z.union([z.string(), z.array(z.string()), z.undefined()]))
        .optional()
        .transform((posted, ctx) => {
          if (posted === undefined) return undefined; // not posted: not part of this submission
          const entries: RankEntry[] = Object.entries(posted).flatMap(([measureId, rank]) =>
            rank === undefined ? [] : (Array.isArray(rank) ? rank : [rank]).map((r) => ({ measureId, rank: r })),
          );
          const { value, problems } = checkRanking(item, entries);
          for (const problem of problems) ctx.addIssue({ code: "custom", message: problemMessage(t, problem) });
          return value;
        });
    default:
      return z
        .string()
        .optional()
        // Browsers post text areas with CRLF line breaks; answers are stored with LF.
        .transform((value) => value?.replaceAll("\r\n", "\n").replaceAll("\r", "\n"))
        .superRefine((value, ctx) => {
          for (const problem of checkText(item, value ?? "")) ctx.addIssue({ code: "custom", message: problemMessage(t, problem) });
        });
  }
}

/**
 * A posted answer version: decimal digits only (not "", " 7", "0x10", "1e3", "-1", "1.5") and a
 * safe integer. Checked by length before the pattern runs. Versions newer than the stored one are
 * the database's business (saveSection: a conflict, 409).
 */
export function versionSchema(message: string) {
  return z
    .string({ error: message })
    .max(15, { error: message })
    .regex(/^\d+$/, { error: message })
    .transform(Number)
    .pipe(z.number().int({ error: message }).min(0, { error: message }));
}

/** Names for a message: a crafted post may carry thousands of unknown fields. */
const someOf = (names: readonly string[]) => (names.length > 5 ? `${names.slice(0, 5).join(", ")}, …` : names.join(", "));

export function sectionSchema(items: FormItem[], t: Translate) {
  const shape: Record<string, z.ZodType> = {
    intent: z.literal("save").optional(),
    autosave: z.string().max(10).optional(),
    v: z.record(z.string(), versionSchema(t("validation.badVersion"))).optional(),
  };
  for (const item of items) shape[fieldName(item.key)] = fieldSchema(item, t);
  const known = new Set(items.map((item) => fieldName(item.key)));
  return z
    .strictObject(shape, {
      error: (issue) =>
        issue.code === "unrecognized_keys" ? `${t("validation.unknownQuestion")} (${someOf(issue.keys)})` : undefined,
    })
    .superRefine((data, ctx) => {
      const versions = (data.v as Record<string, number> | undefined) ?? {};
      const unknown = Object.keys(versions).filter((f) => !known.has(f));
      if (unknown.length) ctx.addIssue({ code: "custom", path: [], message: `${t("validation.unknownQuestion")} (${someOf(unknown)})` });
      // An answer without the version it started from could overwrite anything: refuse it.
      const unversioned = [...known].filter((f) => data[f] !== undefined && versions[f] === undefined);
      for (const f of unversioned) ctx.addIssue({ code: "custom", path: [f], message: t("validation.missingVersion") });
    });
}

/** The stored shape of a validated field: "" for an empty choice or text, [] for no ranks. */
export function toAnswerValue(item: FormItem, value: unknown): AnswerValue {
  if (item.answerType === "ranking") return Array.isArray(value) ? (value as string[]) : [];
  return typeof value === "string" ? value : "";
}

export type SectionValues = Record<string, unknown> & { v?: Record<string, number> };
