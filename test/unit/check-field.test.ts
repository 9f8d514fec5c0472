/**
 * The browser's block check (check-field.ts, no zod) must agree with the server's zod schema
 * (section-schema.ts via Conform's parseWithZod) on every answer type: same value, same messages.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { translator, type Lang } from "~/lib/i18n";
import { checkField } from "~/lib/section-form/check-field";
import { fieldName, toAnswerValue } from "~/lib/section-form/fields";
import type { FormItem } from "../../consultation/form";
import { cachedSectionSchema, sectionSchema } from "~/lib/section-form/section-schema";
import { lis1Section } from "../support/fixtures";

const kap3 = lis1Section("kap3");
const sender = lis1Section("sender");
const general = lis1Section("general");
const all = [...sender.items, ...kap3.items, ...general.items];
const byType = (type: FormItem["answerType"]) => all.filter((i) => i.answerType === type);

/** What the old browser code did: parseWithZod on the block with a one-item schema. */
function viaZod(item: FormItem, data: FormData, lang: Lang) {
  const submission = parseWithZod(data, { schema: sectionSchema([item], translator(lang)) });
  if (submission.status !== "success") return { ok: false, errors: Object.entries(submission.error ?? {}).flatMap(([, e]) => e ?? []) };
  return { ok: true, value: toAnswerValue(item, (submission.value as Record<string, unknown>)[fieldName(item.key)]) };
}

function block(item: FormItem, entries: [string, string][]): FormData {
  const data = new FormData();
  data.append(`v.${fieldName(item.key)}`, "3");
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

const cases: [FormItem, [string, string][]][] = [];
for (const item of byType("yes_no").slice(0, 2)) {
  const f = fieldName(item.key);
  cases.push([item, []], [item, [[f, "yes"]]], [item, [[f, "no"]]], [item, [[f, "ja"]]], [item, [[f, ""]]], [item, [[f, "kanskje"]]]);
}
for (const item of byType("choice")) {
  const f = fieldName(item.key);
  cases.push([item, []], [item, [[f, item.choices![0]!.id]]], [item, [[f, ""]]], [item, [[f, "ukjent"]]]);
}
for (const item of [...byType("text"), ...byType("email")]) {
  const f = fieldName(item.key);
  const long = "æ".repeat((item.maxLength ?? 10) + 1);
  cases.push(
    [item, []],
    [item, [[f, ""]]],
    [item, [[f, "  "]]],
    [item, [[f, "linje 1\r\nlinje 2\rlinje 3"]]],
    [item, [[f, "navn@example.no"]]],
    [item, [[f, "ikke en adresse"]]],
    [item, [[f, long]]],
  );
}
for (const item of byType("ranking")) {
  const f = fieldName(item.key);
  const m = item.rankOptions!.map((o) => `${f}.${o.measureId}`);
  const rank = (i: number, r: string): [string, string] => [m[i]!, r];
  cases.push(
    [item, m.map((name) => [name, ""])],
    [item, [rank(2, "2"), rank(0, "1"), rank(1, "")]],
    [item, [rank(0, "1"), rank(1, "1")]],
    [item, [rank(0, "1"), rank(0, "2")]],
    [item, [rank(0, "1"), rank(2, "2"), rank(1, "1"), rank(0, "3")]],
    [item, [rank(0, "2")]],
    [item, [rank(0, "1"), rank(1, "3")]],
    [item, [rank(0, "0")]],
    [item, [rank(0, "x")]],
    [item, [rank(0, " ")]],
    [item, [[`${f}.ukjent-tiltak`, "1"]]],
    [item, m.map((name, i) => [name, String(i + 1)])],
  );
}

describe("browser block check agrees with the server schema", () => {
  it.each(["nb", "en"] as const)("same value and messages for every answer type (%s)", (lang) => {
    expect(cases.length).toBeGreaterThan(40);
    for (const [item, entries] of cases) {
      const data = block(item, entries);
      expect({ key: item.key, entries, result: checkField(item, data, translator(lang)) }).toEqual({
        key: item.key,
        entries,
        result: viaZod(item, data, lang),
      });
    }
  });

  it("builds a section's schema once per item list and language", () => {
    expect(cachedSectionSchema(kap3.items, "nb")).toBe(cachedSectionSchema(kap3.items, "nb"));
    expect(cachedSectionSchema(kap3.items, "en")).not.toBe(cachedSectionSchema(kap3.items, "nb"));
  });
});
