import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { getAnswers, getResponse } from "../../db/queries/responses";
import { seedDemo } from "../../db/seed";
import { loadTemplates } from "../../db/templates";
import type { AnswerValue } from "../../consultation/answers";
import { formItems, type FormItem } from "../../consultation/form";
import { normaliseWhitespace, parseSeed003, type SeedItem } from "../support/seed-003";

/** The seed's view of one stored answer: the answer paragraphs and the ranked option numbers. */
function asSeedSees(item: FormItem, value: AnswerValue | undefined): Pick<SeedItem, "answer"> & { ranks: string[] } {
  if (item.answerType === "ranking") {
    const ranked = (value as string[] | undefined) ?? [];
    return { answer: [], ranks: ranked.map((id, i) => `${item.rankOptions!.find((o) => o.measureId === id)!.number}=${i + 1}`) };
  }
  if (value === undefined) return { answer: [], ranks: [] };
  const text =
    item.answerType === "yes_no"
      ? value === "yes" ? "Ja" : "Nei"
      : item.answerType === "choice"
        ? item.choices!.find((c) => c.id === value)!.label
        : (value as string);
  return { answer: text.split(/\n{2,}/).map(normaliseWhitespace), ranks: [] };
}

describe("demo seed", () => {
  it("holds seed 003's answers for all 71 items", async () => {
    const db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "hs-seed-")), "db.sqlite"));
    await loadTemplates(db);
    const seeded = await seedDemo(db);
    expect(seeded).toBeDefined();
    const response = (await getResponse(db, seeded!.organisationId, seeded!.responseId))!;
    expect(response.organisationName).toBe("Norsk medisinstudentforening (demo)");
    const answers = await getAnswers(db, seeded!.organisationId, seeded!.responseId);
    const items = formItems(response.consultation.template);
    for (const s of parseSeed003()) {
      const item = items.find((i) => i.number === Number(s.number))!;
      const ours = asSeedSees(item, answers.get(item.key)?.value);
      expect({ n: s.number, answer: ours.answer }).toEqual({ n: s.number, answer: s.answer.map(normaliseWhitespace) });
      expect({ n: s.number, ranks: ours.ranks }).toEqual({
        n: s.number,
        ranks: s.options.filter((o) => o.rank).sort((a, b) => a.rank! - b.rank!).map((o) => `${o.number}=${o.rank}`),
      });
    }
    // Empty feedback fields 66/68/70 stay empty; running the seed again changes nothing.
    for (const n of [66, 68, 70]) expect(answers.has(items.find((i) => i.number === n)!.key)).toBe(false);
    expect(await seedDemo(db)).toBeUndefined();
  });
});
