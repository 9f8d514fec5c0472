/**
 * The browser's check of one question block before an autosave: the same rules and messages as the
 * server's zod schema (section-schema.ts, parsed with Conform's parseWithZod), without shipping zod
 * and Conform to the browser. `test/unit/check-field.test.ts` pins that both give the same value
 * and the same messages for every answer type.
 */
import { addNorwegianStrings, type Translate } from "../i18n";
import { nbRules } from "../i18n/nb-rules";
import type { AnswerValue } from "../../../consultation/answers";
import { fieldName, localParams, problemMessage, toAnswerValue } from "./fields";
import type { FormItem } from "../../../consultation/form";
import { checkChoices, checkNumberText, checkRanking, checkText, type RankEntry } from "../../../consultation/validate";

// The rules' messages come with this module (on the chapter page a chunk loaded on the first input).
addNorwegianStrings(nbRules);

export type FieldCheck = { ok: true; value: AnswerValue } | { ok: false; errors: string[] };

/** Conform's form-data coercion: an empty string is "not posted". */
const posted = (value: FormDataEntryValue | null): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

/** Checks one item's posted fields (a plain form post's FormData) as the server would. */
export function checkField(item: FormItem, data: FormData, t: Translate): FieldCheck {
  const field = fieldName(item.key);
  switch (item.answerType) {
    case "yes_no": {
      const value = posted(data.get(field));
      if (value !== undefined && value !== "yes" && value !== "no") return { ok: false, errors: [t("validation.notYesNo", localParams(item.yesNoLabels, t))] };
      return { ok: true, value: toAnswerValue(item, value) };
    }
    case "multiple_choice": {
      const ids = data.getAll(field).map(posted).filter((v): v is string => v !== undefined);
      const { value, problems } = checkChoices(item, ids);
      return problems.length ? { ok: false, errors: problems.map((p) => problemMessage(t, p)) } : { ok: true, value };
    }
    case "number": {
      const { value, problems } = checkNumberText(item, posted(data.get(field)) ?? "");
      return problems.length ? { ok: false, errors: problems.map((p) => problemMessage(t, p)) } : { ok: true, value: toAnswerValue(item, value) };
    }
    case "scale":
    case "choice": {
      const value = posted(data.get(field));
      if (value !== undefined && !item.choices!.some((c) => c.id === value)) return { ok: false, errors: [t("validation.unknownChoice")] };
      return { ok: true, value: toAnswerValue(item, value) };
    }
    case "ranking": {
      const prefix = `${field}.`;
      // Grouped per measure in object-key order, as Conform nests `<field>.<measure>` for zod.
      const ranks: Record<string, string[]> = {};
      for (const [name, raw] of data.entries()) {
        const rank = posted(raw);
        if (name.startsWith(prefix) && rank !== undefined) (ranks[name.slice(prefix.length)] ??= []).push(rank);
      }
      const entries: RankEntry[] = Object.entries(ranks).flatMap(([measureId, list]) => list.map((rank) => ({ measureId, rank })));
      const { value, problems } = checkRanking(item, entries);
      return problems.length ? { ok: false, errors: problems.map((p) => problemMessage(t, p)) } : { ok: true, value };
    }
    default: {
      // Browsers post text areas with CRLF line breaks; answers are stored with LF.
      const value = posted(data.get(field))?.replace(/\r\n?/g, "\n");
      const problems = checkText(item, value ?? "");
      return problems.length ? { ok: false, errors: problems.map((p) => problemMessage(t, p)) } : { ok: true, value: toAnswerValue(item, value) };
    }
  }
}
