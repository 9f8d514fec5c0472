import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseTemplateText } from "../../consultation/file.server";
import { formSections } from "../../consultation/form";
import { loadLanguage, translator } from "../../app/lib/i18n";
import { sectionHeading, sectionTitle } from "../../app/lib/section-title";
import { lis1Template } from "../support/fixtures";

function fixture() {
  const result = parseTemplateText(readFileSync("test/fixtures/templates/groups-and-variants.yaml", "utf8"), "fixture.yaml");
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.template;
}

describe("part titles on pages", () => {
  it("names untitled parts in the reader's language, titled ones as the template writes them", async () => {
    await loadLanguage("en");
    const sections = formSections(fixture());
    const titles = (lang: "nb" | "en") => sections.map((s) => sectionTitle(sectionHeading(s), translator(lang)));
    expect(titles("en")).toEqual(["Sender", "Questions 2–3", "Chapter 1", "Costs", "Chapter 2", "Chapter 3", "General feedback"]);
    expect(titles("nb")).toEqual(["Avsender", "Spørsmål 2–3", "Chapter 1", "Costs", "Chapter 2", "Chapter 3", "Generelle tilbakemeldinger"]);
  });

  it("shows LIS1's parts as before in Norwegian", () => {
    const titles = formSections(lis1Template()).map((s) => sectionTitle(sectionHeading(s), translator("nb")));
    expect(titles[0]).toBe("Avsender");
    expect(titles.at(-1)).toBe("Generelle tilbakemeldinger");
    expect(titles[1]).toBe("Gjennomstrømning i LIS1");
  });
});
