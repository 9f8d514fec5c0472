import { describe, expect, it } from "vitest";
import { readTemplateFile } from "../../consultation/file.server";
import { formItems } from "../../consultation/form";
import { normaliseWhitespace, parseSeed003 } from "../support/seed-003";

const LIS1 = "templates/lis1-evaluering-2021.yaml";

function lis1() {
  const result = readTemplateFile(LIS1);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.template;
}

describe("LIS1 template", () => {
  const seed = parseSeed003();
  const items = formItems(lis1());

  it("validates", () => {
    expect(readTemplateFile(LIS1).ok).toBe(true);
  });

  it("has the seed's 71 numbered items in order", () => {
    expect(seed).toHaveLength(71);
    expect(items.map((i) => i.number)).toEqual(seed.map((s) => Number(s.number)));
  });

  it.each(parseSeed003().map((s) => [s.number, s] as const))("item %s has the seed's question text", (number, s) => {
    const item = items.find((i) => i.number === Number(number))!;
    expect(normaliseWhitespace(item.text)).toBe(normaliseWhitespace(s.text));
  });

  it("numbers priority options N.k with the seed's labels", () => {
    const withOptions = seed.filter((s) => s.options.length);
    expect(withOptions.map((s) => s.number)).toEqual(["19", "37", "47", "63"]);
    for (const s of withOptions) {
      const item = items.find((i) => i.number === Number(s.number))!;
      expect(item.answerType).toBe("ranking");
      expect(item.maxRanks).toBe(3);
      expect(item.rankOptions!.map((o) => [o.number, normaliseWhitespace(o.label)])).toEqual(
        s.options.map((o) => [o.number, normaliseWhitespace(o.text)]),
      );
    }
  });

  it("asks chapter 2's yes/no feedback only on the answer the form names", () => {
    const conditional = items.filter((i) => i.askedWhen);
    expect(conditional.map((i) => [i.number, i.askedWhen!.answer])).toEqual([
      [66, "no"],
      [68, "yes"],
      [70, "yes"],
    ]);
  });
});
