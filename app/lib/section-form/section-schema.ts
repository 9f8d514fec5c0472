/**
 * The drafting form's zod schema, built from the template: one schema per section page, used by
 * the server (parseWithZod) for every post. The browser checks a block before autosaving with
 * `check-field.ts` (same rules from validate.ts, same messages, no zod in the bundle).
 *
 * Field names: an answer key with "." replaced by "__" (Conform reads "." as nesting);
 * `v.<field>` carries the answer version the edit started from; a ranking posts
 * `<field>.<measureId>` = rank.
 */
import { z } from "zod";
import type { Lang, Translate } from "../i18n";
import { translator } from "../i18n";
import { fieldName, problemMessage } from "./fields";
import type { FormItem } from "../../../consultation/form";
import { checkChoices, checkNumberText, checkRanking, checkText, type RankEntry } from "../../../consultation/validate";

import { localParams } from "./fields";

export { fieldName, keyOfField, problemMessage, toAnswerValue } from "./fields";

function fieldSchema(item: FormItem, t: Translate): z.ZodType {
  switch (item.answerType) {
    case "yes_no":
      return z.enum(["yes", "no"], { error: t("validation.notYesNo", localParams(item.yesNoLabels, t)) }).optional();
    case "multiple_choice":
      // Conform posts one checkbox as a string, several as a list.
      return z
        .union([z.string(), z.array(z.union([z.string(), z.undefined()]))])
        .optional()
        .transform((posted, ctx) => {
          if (posted === undefined) return undefined;
          const ids = (Array.isArray(posted) ? posted : [posted]).filter((v): v is string => v !== undefined);
          const { value, problems } = checkChoices(item, ids);
          for (const problem of problems) ctx.addIssue({ code: "custom", message: problemMessage(t, problem) });
          return value;
        });
    case "number":
      return z
        .string()
        .optional()
        .transform((posted, ctx) => {
          if (posted === undefined) return undefined;
          const { value, problems } = checkNumberText(item, posted);
          for (const problem of problems) ctx.addIssue({ code: "custom", message: problemMessage(t, problem) });
          return value;
        });
    case "scale":
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

const cache = new WeakMap<FormItem[], Map<Lang, ReturnType<typeof sectionSchema>>>();

/**
 * The schema of a section, built once per item list and language. Item lists from `formSections`
 * are cached per template (itself parsed once per consultation version), so this is once per
 * (version, section, language) for the life of the process.
 */
export function cachedSectionSchema(items: FormItem[], lang: Lang) {
  let byLang = cache.get(items);
  if (!byLang) cache.set(items, (byLang = new Map()));
  let schema = byLang.get(lang);
  if (!schema) byLang.set(lang, (schema = sectionSchema(items, translator(lang))));
  return schema;
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

export type SectionValues = Record<string, unknown> & { v?: Record<string, number> };
