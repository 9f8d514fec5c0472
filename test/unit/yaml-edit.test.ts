/**
 * Saving from the form editor keeps the YAML comments (issue 24): the editor's object is applied to
 * the stored text's document (`editedTemplateText`), so comments, flow style and quoting survive
 * where nothing changed; the result still parses to exactly the editor's object.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseTemplateText } from "../../consultation/file.server";
import { starterTemplate } from "../../consultation/starter";
import { editedTemplateText } from "~/lib/consultations/yaml-edit";

const original = starterTemplate({ language: "nb", id: "my-hearing", deadline: "2026-12-24" });

describe("saving from the form editor keeps YAML comments", () => {
  it("an unchanged object gives the text back as written", () => {
    expect(editedTemplateText(original, parse(original))).toBe(original);
  });

  it("edits, removals, additions and moves: comments stay with their values, the result is the editor's object", () => {
    const draft = parse(original);
    draft.title = "Høring om ny studieplan: del 2"; // now needs quotes
    draft.chapters[1].measures.splice(1, 1); // the second measure and its comments go
    draft.chapters[1].measures[0].text = "Flere muntlige eksamener.";
    draft.chapters.reverse(); // the chapter moves before the group, comments along
    draft.general.push({ type: "text", id: "more", text: "Mer?" });
    draft.sourceUrl = "https://example.org/h";
    const text = editedTemplateText(original, draft);
    expect(parse(text)).toEqual(draft);
    const result = parseTemplateText(text, "edited.yaml");
    expect(result.ok ? [] : result.problems).toEqual([]);

    // The file's header and the comments beside kept values are still there.
    expect(text.startsWith("# Consultation template, written by `npm run template:new`.")).toBe(true);
    expect(text).toMatch(/short: true +# a one-line field instead of a text area/);
    expect(text).toContain("# 3. General feedback, numbered last.");
    expect(text).toMatch(/reference: "Se kapittel 1\.1\." +# optional, printed after the text/);
    expect(text).toMatch(/id: my-hearing +# lower-case letters, digits, - or _; keep it when you edit the file/);
    expect(text).toContain("# a text field asked only on one answer");
    expect(text).toMatch(/maxRanks: 2 +# how many measures can be ranked/);
    // Flow style kept for the untouched options.
    expect(text).toContain('- { id: organisation, label: "Organisasjon" }');
    // The removed measure's commented-out fields went with it.
    expect(text).not.toContain("# support: false");
    // The moved chapter comes first, its own comment with it.
    expect(text.indexOf("id: chapter-1")).toBeLessThan(text.indexOf("id: about-the-proposal"));
    expect(text).toContain("# 2. Chapters and question groups");
  });

  it("a field emptied in the editor (gone from the object) is removed; without a stored text the object is written as YAML", () => {
    const draft = parse(original);
    delete draft.chapters[1].priority;
    const text = editedTemplateText(original, draft);
    expect(parse(text)).toEqual(draft);
    expect(text).not.toContain("maxRanks");
    expect(parse(editedTemplateText(null, draft))).toEqual(draft);
    expect(parse(editedTemplateText("not: [valid", draft))).toEqual(draft);
  });
});
