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
import { readFileSync } from "node:fs";
import { parseTemplateText } from "../../consultation/file.server";
import { formItems } from "../../consultation/form";

const kap3 = lis1Section("kap3");
const sender = lis1Section("sender");
const general = lis1Section("general");
const kindsFile = "test/fixtures/consultations/en-kinds.yaml";
const kindsParsed = parseTemplateText(readFileSync(kindsFile, "utf8"), kindsFile);
if (!kindsParsed.ok) throw new Error(JSON.stringify(kindsParsed.problems));
const all = [...sender.items, ...kap3.items, ...general.items, ...formItems(kindsParsed.template)];
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

for (const item of byType("scale")) {
  const f = fieldName(item.key);
  cases.push([item, []], [item, [[f, item.choices![0]!.id]]], [item, [[f, item.choices!.at(-1)!.id]]], [item, [[f, ""]]], [item, [[f, "ukjent"]]]);
}
for (const item of byType("multiple_choice")) {
  const f = fieldName(item.key);
  const ids = item.choices!.map((c) => c.id);
  cases.push(
    [item, []],
    [item, [[f, ids[0]!]]],
    [item, [[f, ids[2]!], [f, ids[0]!]]],
    [item, [[f, ""]]],
    [item, [[f, ids[0]!], [f, ids[0]!]]],
    [item, [[f, "ukjent"]]],
    [item, [[f, ids[0]!], [f, "ukjent"], [f, ids[1]!]]],
    [item, ids.map((id): [string, string] => [f, id])],
  );
}
for (const item of byType("number")) {
  const f = fieldName(item.key);
  cases.push(
    ...(["", " ", "1500", "1 500", "1\u00a0500", "12,5", "12.5", "-3", "0", "abc", "1,2,3", "1e3", "99999999999", "100", "101", "1 000 000,5"] as const).map(
      (raw): [FormItem, [string, string][]] => [item, [[f, raw]]],
    ),
    [item, []],
  );
}

describe("browser block check agrees with the server schema", () => {
  it.each(["nb", "en"] as const)("same value and messages for every answer type (%s)", (lang) => {
    expect(cases.length).toBeGreaterThan(40);
    for (const type of ["scale", "multiple_choice", "number"] as const) expect(byType(type).length).toBeGreaterThan(1);
    for (const [item, entries] of cases) {
      const data = block(item, entries);
      expect({ key: item.key, entries, result: checkField(item, data, translator(lang)) }).toEqual({
        key: item.key,
        entries,
        result: viaZod(item, data, lang),
      });
    }
  });

  it("the new kinds: stored shapes and messages", () => {
    const t = translator("en");
    const nbT = translator("nb");
    const days = byType("multiple_choice").find((i) => i.key === "hours-days")!;
    const f = fieldName(days.key);
    expect(checkField(days, block(days, [[f, "wed"], [f, "mon"]]), t)).toEqual({ ok: true, value: ["mon", "wed"] });
    expect(checkField(days, block(days, []), t)).toEqual({ ok: true, value: [] });
    expect(checkField(days, block(days, [[f, "mon"], [f, "tue"], [f, "wed"], [f, "thu"]]), t)).toEqual({ ok: false, errors: ["Choose at most 3 options (you chose 4)."] });
    expect(checkField(days, block(days, [[f, "mon"], [f, "mon"]]), nbT)).toEqual({ ok: false, errors: ["«Monday» er valgt mer enn én gang."] });
    expect(checkField(days, block(days, [[f, "sun"]]), t)).toEqual({ ok: false, errors: ["“sun” is not one of the options."] });
    const members = byType("number").find((i) => i.key === "sender-members")!;
    const m = fieldName(members.key);
    expect(checkField(members, block(members, [[m, "1 500"]]), t)).toEqual({ ok: true, value: 1500 });
    expect(checkField(members, block(members, [[m, ""]]), t)).toEqual({ ok: true, value: "" });
    expect(checkField(members, block(members, [[m, "12,5"]]), nbT)).toEqual({ ok: false, errors: ["Skriv et helt tall."] });
    expect(checkField(members, block(members, [[m, "0"]]), t)).toEqual({ ok: false, errors: ["The number must be at least 1."] });
    expect(checkField(members, block(members, [[m, "many"]]), t)).toEqual({ ok: false, errors: ["Enter a number, e.g. 1 500 or 12.5."] });
    const share = byType("number").find((i) => i.key === "budget-share")!;
    const s = fieldName(share.key);
    expect(checkField(share, block(share, [[s, "12,5"]]), t)).toEqual({ ok: true, value: 12.5 });
    expect(checkField(share, block(share, [[s, "101"]]), t)).toEqual({ ok: false, errors: ["The number must be at most 100."] });
    const scale = byType("scale")[0]!;
    expect(checkField(scale, block(scale, [[fieldName(scale.key), "agree"]]), t)).toEqual({ ok: true, value: "agree" });
  });

  it("builds a section's schema once per item list and language", () => {
    expect(cachedSectionSchema(kap3.items, "nb")).toBe(cachedSectionSchema(kap3.items, "nb"));
    expect(cachedSectionSchema(kap3.items, "en")).not.toBe(cachedSectionSchema(kap3.items, "nb"));
  });
});
