/**
 * Template problems in the UI's language: each problem the checker writes (in English, as
 * `template:check` prints it) is said in Norwegian on a Norwegian page, keeping paths, ids and
 * quoted values; English pages show it unchanged.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { parseTemplateText } from "../../consultation/file.server";
import { templateProblemMessage } from "~/lib/consultations/problem-messages";

const lis1 = () => parse(readFileSync("templates/lis1-evaluering-2021.yaml", "utf8"));
type Doc = ReturnType<typeof lis1>;
const problems = (change: (t: Doc) => void) => {
  const t = lis1();
  change(t);
  const result = parseTemplateText(stringify(t), "bad.yaml");
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems;
};
const ENGLISH = /\b(must|required|unknown|needs|duplicate|at most|should|the limit)\b/;

const variants: [string, (t: Doc) => void][] = [
  ["missing text", (t) => delete t.chapters[2].measures[3].text],
  ["duplicate id", (t) => (t.chapters[1].measures[1].id = t.chapters[0].measures[0].id)],
  ["priority without measures", (t) => (t.chapters[4].priority = { maxRanks: 3 })],
  ["rank limit 0", (t) => (t.chapters[0].priority.maxRanks = 0)],
  ["maxChoices past the options", (t) => t.general.push({ type: "multiple_choice", id: "valg", text: "Velg", options: [{ id: "a", label: "A" }], maxChoices: 3 })],
  ["number bounds", (t) => t.general.push({ type: "number", id: "tall", text: "Tall", min: 5, max: 1 })],
  ["not whole", (t) => t.general.push({ type: "number", id: "tall", text: "Tall", min: 0.5, integer: true })],
  ["unknown field with a hint", (t) => (t.chapters[0].measures[0].refrence = "x")],
  ["unknown field", (t) => (t.chapters[0].measures[0].zzzzzzzz = "x")],
  ["bad id", (t) => (t.chapters[0].id = "Kapittel 3")],
  ["text as a number", (t) => (t.title = 12)],
  ["a number in quotes", (t) => (t.chapters[0].priority.maxRanks = "3")],
  ["bad date", (t) => (t.deadline = "1. mars")],
  ["bad language", (t) => (t.language = "de")],
  ["unknown question type", (t) => (t.general[0].type = "txt")],
  ["a question in chapters", (t) => t.chapters.push({ type: "text", id: "q", text: "Q" })],
  ["an empty group", (t) => t.chapters.push({ type: "group", id: "g", questions: [] })],
  ["an empty chapter", (t) => t.chapters.push({ id: "k", title: "K" })],
  ["reserved id", (t) => (t.chapters[0].id = "general")],
  ["a measure asking nothing", (t) => Object.assign(t.chapters[4], { measures: [{ id: "m", text: "M", support: false, feedback: false }] })],
  ["feedbackAskedOn without support", (t) => Object.assign(t.chapters[0].measures[0], { support: false, feedbackAskedOn: "no" })],
  ["no form at all", (t) => Object.assign(t, { sender: [], chapters: [], general: [] })],
  ["not a list", (t) => (t.general = "x")],
  ["empty value", (t) => (t.general = null)],
  ["a boolean as text", (t) => (t.general[0].short = "ja")],
];

describe("template problems in the UI's language", () => {
  it.each(variants)("%s: said in Norwegian, path and values kept; English unchanged", (_name, change) => {
    const found = problems(change);
    expect(found.length).toBeGreaterThan(0);
    for (const p of found) {
      const nb = templateProblemMessage(p.message, "nb");
      expect(templateProblemMessage(p.message, "en")).toBe(p.message);
      expect(nb, p.message).not.toBe(p.message);
      expect(nb, `${p.message} → ${nb}`).not.toMatch(ENGLISH);
      for (const quoted of p.message.match(/"[^"]*"/g) ?? []) expect(nb).toContain(quoted);
    }
  });

  it("the limits and the parse worker's messages", () => {
    for (const message of [
      "nested more than 32 levels deep (the limit for a template)",
      "uses YAML aliases (*name) too often: at most 50 (the limit for a template); write the values out",
      "took longer than 5 s to check (the limit for a template)",
      "the template checker is busy; try again in a moment",
      "too many previews in a short while: try again in 7 min",
    ])
      expect(templateProblemMessage(message, "nb"), message).not.toMatch(ENGLISH);
    expect(templateProblemMessage("uses YAML aliases (*name) too often: at most 50 (the limit for a template); write the values out", "nb")).toContain("høyst 50");
  });

  it("a YAML syntax error keeps the parser's words and its source frame; our hint is in Norwegian", () => {
    const result = parseTemplateText("id: x\ntitle: Kommer fra: organisasjon\n", "bad.yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const nb = templateProblemMessage(result.problems[0]!.message, "nb");
    expect(nb).toContain('må stå i anførselstegn');
    expect(nb).toContain("2 | title: Kommer fra: organisasjon");
  });
});
