import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { parseTemplateText } from "../../consultation/file.server";

const lis1 = () => parse(readFileSync("templates/lis1-evaluering-2021.yaml", "utf8"));
type Doc = ReturnType<typeof lis1>;

const problemsOf = (text: string) => {
  const result = parseTemplateText(text, "bad.yaml");
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
};

/**
 * Each variant breaks one rule; the message names the path, list entries by their id (by position
 * only when the entry has no usable, unique id), and says what is wrong, with a hint where the
 * intent is plain. (LIS1's chapters in file order: kap3, kap4, kap5, kap6, kap2.)
 */
const variants: [string, (t: Doc) => void, RegExp][] = [
  ["missing measure text", (t) => delete t.chapters[2].measures[3].text, /^chapters\[kap5\]\.measures\[kap5-tiltak-4\]\.text: required$/],
  ["empty measure text", (t) => (t.chapters[0].measures[0].text = "  "), /^chapters\[kap3\]\.measures\[kap3-tiltak-1\]\.text: required$/],
  [
    "duplicate measure id (one path style)",
    (t) => (t.chapters[1].measures[1].id = t.chapters[0].measures[0].id),
    /^chapters\[kap4\]\.measures\[kap3-tiltak-1\]\.id: duplicate id "kap3-tiltak-1" \(first used at chapters\[kap3\]\.measures\[kap3-tiltak-1\]\.id\)$/,
  ],
  [
    "duplicate id in the same list (named by position)",
    (t) => (t.chapters[0].measures[1].id = "kap3-tiltak-1"),
    /^chapters\[kap3\]\.measures\[1\]\.id: duplicate id "kap3-tiltak-1" \(first used at chapters\[kap3\]\.measures\[0\]\.id\)$/,
  ],
  ["duplicate question id", (t) => (t.general[0].id = "avsender-navn"), /^general\[avsender-navn\]\.id: duplicate id "avsender-navn" \(first used at sender\[avsender-navn\]\.id\)$/],
  ["priority over no measures", (t) => (t.chapters[4].priority = { maxRanks: 3 }), /^chapters\[kap2\]\.priority: a priority question needs the chapter to have measures$/],
  ["rank limit 0: hint", (t) => (t.chapters[0].priority.maxRanks = 0), /^chapters\[kap3\]\.priority\.maxRanks: must be at least 1 \(to have no priority question, leave `priority` out\)$/],
  [
    "multiple choice: maxChoices larger than the options",
    (t) => t.general.push({ type: "multiple_choice", id: "valg", text: "Velg", options: [{ id: "a", label: "A" }, { id: "b", label: "B" }], maxChoices: 3 }),
    /^general\[valg\]\.maxChoices: is 3 but the question has 2 options \(to allow choosing all, leave `maxChoices` out\)$/,
  ],
  [
    "multiple choice: maxChoices 0",
    (t) => t.general.push({ type: "multiple_choice", id: "valg", text: "Velg", options: [{ id: "a", label: "A" }], maxChoices: 0 }),
    /^general\[valg\]\.maxChoices: must be at least 1 \(to allow any number of choices, leave `maxChoices` out\)$/,
  ],
  [
    "multiple choice: duplicate option id",
    (t) => t.general.push({ type: "multiple_choice", id: "valg", text: "Velg", options: [{ id: "a", label: "A" }, { id: "a", label: "B" }] }),
    /^general\[valg\]\.options\[1\]\.id: duplicate option id "a"$/,
  ],
  [
    "scale with one option",
    (t) => t.general.push({ type: "scale", id: "enig", text: "Enig?", options: [{ id: "a", label: "Helt enig" }] }),
    /^general\[enig\]\.options: a scale needs at least two options$/,
  ],
  [
    "scale option without label",
    (t) => t.general.push({ type: "scale", id: "enig", text: "Enig?", options: [{ id: "a", label: "Helt enig" }, { id: "b" }] }),
    /^general\[enig\]\.options\[b\]\.label: required$/,
  ],
  ["number: min > max", (t) => t.general.push({ type: "number", id: "belop", text: "Beløp", min: 10, max: 5 }), /^general\[belop\]\.min: is larger than `max` \(10 > 5\)$/],
  ["number: min in quotes", (t) => t.general.push({ type: "number", id: "belop", text: "Beløp", min: "10" }), /^general\[belop\]\.min: must be a number \(without quotes\)$/],
  [
    "number: integer with a fractional bound",
    (t) => t.general.push({ type: "number", id: "belop", text: "Beløp", integer: true, max: 2.5 }),
    /^general\[belop\]\.max: must be a whole number when `integer: true`$/,
  ],
  ["number: typo in a field", (t) => t.general.push({ type: "number", id: "belop", text: "Beløp", unti: "kr" }), /^general\[belop\]: unknown field "unti": did you mean "unit"\?$/],
  ["unknown question type", (t) => (t.sender[1].type = "dropdown"), /^sender\[avsender-navn\]\.type: unknown question type \(expected text, email, single_choice, yes_no, scale, multiple_choice, number\)$/],
  ["question type typo", (t) => (t.sender[1].type = "txt"), /^sender\[avsender-navn\]\.type: unknown question type .*: did you mean "text"\?$/],
  ["question without type", (t) => delete t.general[0].type, /^general\[generelle-tilbakemeldinger\]\.type: required \(one of text, email, single_choice, yes_no, scale, multiple_choice, number\)$/],
  ["bad deadline date", (t) => (t.deadline = "2021-02-30"), /^deadline: must be a date written YYYY-MM-DD$/],
  ["deadline not a date", (t) => (t.deadline = "1. mars"), /^deadline: must be a date written YYYY-MM-DD$/],
  ["no questions at all", (t) => ((t.chapters = []), (t.sender = []), (t.general = [])), /^\(root\): the form has no questions/],
  ["choice without options", (t) => (t.sender[0].options = []), /^sender\[avsender-type\]\.options: needs at least one option$/],
  ["duplicate option id", (t) => (t.sender[0].options[1].id = "kommune"), /^sender\[avsender-type\]\.options\[3\]\.id: duplicate option id "kommune"$/],
  ["bad id characters: suggestion", (t) => (t.chapters[0].id = "Kapittel 3"), /^chapters\[0\]\.id: must be lower-case letters, digits, '-' or '_', e\.g\. "kapittel-3"$/],
  ["reserved section id", (t) => (t.chapters[4].id = "general"), /^chapters\[general\]\.id: "general" is reserved/],
  ["negative max length", (t) => (t.chapters[0].measures[0].feedbackMaxLength = -5), /^chapters\[kap3\]\.measures\[kap3-tiltak-1\]\.feedbackMaxLength: must be a positive whole number$/],
  ["unknown field close to a known one", (t) => (t.chapters[0].measures[0].refrence = "Se kapittel 3.1."), /^chapters\[kap3\]\.measures\[kap3-tiltak-1\]: unknown field "refrence": did you mean "reference"\?$/],
  ["unknown top-level field close to a known one", (t) => ((t.chapter = t.chapters), delete t.chapters), /^\(root\): unknown field "chapter": did you mean "chapters"\?$/],
  ["unknown field in a group", (t) => t.chapters.push({ type: "group", id: "g", titel: "G", questions: [{ type: "text", id: "g1", text: "?" }] }), /^chapters\[g\]: unknown field "titel": did you mean "title"\?$/],
  ["unknown field in a yes/no question", (t) => (t.chapters[4].questions[1].feedbak = "x"), /^chapters\[kap2\]\.questions\[kap2-konsekvenser-tjenestene\]: unknown field "feedbak": did you mean "feedback"\?$/],
  ["entry type typo", (t) => t.chapters.push({ type: "gruop", id: "g", questions: [{ type: "text", id: "g1", text: "?" }] }), /^chapters\[g\]\.type: unknown entry type .*: did you mean "group"\?$/],
  ["an empty key", (t) => (t.general = null), /^general: is empty: give it a value, or remove the line if it is optional$/],
  ["unknown field far from any", (t) => (t.chapters[0].priority.colour = "red"), /^chapters\[kap3\]\.priority: unknown field "colour" \(fields here: text, maxRanks, justification\)$/],
  ["feedback asked on maybe", (t) => (t.chapters[4].questions[0].feedback.askedOn = "kanskje"), /^chapters\[kap2\]\.questions\[kap2-enig\]\.feedback\.askedOn: /],
  ["missing issuer", (t) => delete t.issuer, /^issuer: required$/],
  ["bad language", (t) => (t.language = "de"), /^language: /],
  ["number where text is expected: quote it", (t) => (t.chapters[0].reportChapter = 3), /^chapters\[kap3\]\.reportChapter: must be text: write it in quotes \("3"\)$/],
  ["a single question where a list is expected", (t) => (t.general = t.general[0]), /^general: must be a list \(each entry on its own line, starting with "- "\)/],
  ["yes instead of true", (t) => (t.sender[1].short = "yes"), /^sender\[avsender-navn\]\.short: must be true or false, not text "yes"$/],
  [
    "a question directly in chapters",
    (t) => t.chapters.push({ type: "yes_no", id: "q", text: "Enig?" }),
    /^chapters\[q\]\.type: a question cannot stand directly in `chapters`: put it in the `questions` of a chapter or of a group \(`type: group`\)$/,
  ],
  ["group without questions", (t) => t.chapters.push({ type: "group", id: "tom", questions: [] }), /^chapters\[tom\]\.questions: a group needs at least one question$/],
  ["group with measures", (t) => t.chapters.push({ type: "group", id: "g", measures: [], questions: [{ type: "text", id: "g1", text: "?" }] }), /^chapters\[g\]: unknown field "measures"/],
  [
    "measure asking nothing",
    (t) => Object.assign(t.chapters[4], { measures: [{ id: "m", text: "Tiltak", support: false, feedback: false }] }),
    /^chapters\[kap2\]\.measures\[m\]: asks nothing: with `support: false` and `feedback: false`/,
  ],
  ["feedback limit without feedback", (t) => Object.assign(t.chapters[0].measures[0], { feedback: false, feedbackMaxLength: 100 }), /^chapters\[kap3\]\.measures\[kap3-tiltak-1\]\.feedbackMaxLength: has no effect with `feedback: false`/],
];

describe("invalid templates", () => {
  it.each(variants)("%s", (_name, breakIt, expected) => {
    const doc = lis1();
    breakIt(doc);
    expect(problemsOf(stringify(doc))).toContainEqual(expect.stringMatching(expected));
  });

  it("reports a YAML syntax error with line, column and the offending line", () => {
    expect(problemsOf("id: x\ntitle: Tittel: med kolon\n")).toEqual([
      'line 2, column 8: Nested mappings are not allowed in compact mappings (a value that contains ": " must be in quotes)\n  2 | title: Tittel: med kolon\n    |        ^',
    ]);
  });

  it("points an unclosed bracket at the line that opened it, not the blank line after", () => {
    const [problem] = problemsOf("id: x\ntitle: [unclosed\n\n");
    expect(problem).toMatch(/^line 2, column 17: .*\(a \[ or \{ is not closed\)\n  2 \| title: \[unclosed\n/);
  });

  it("reports tabs and duplicate keys with a hint", () => {
    expect(problemsOf("id: x\nsender:\n\t- type: text\n")[0]).toMatch(/^line 3, column 1: .*\(indent with spaces, not tabs\)\n  3 \| \t- type: text/);
    expect(problemsOf("id: x\nid: y\n")[0]).toMatch(/^line 2, column 1: Map keys must be unique/);
  });

  it("gives each problem the line it is on (or its parent's, for a missing field)", () => {
    const text = [
      "id: lines", //                       1
      "title: T", //                        2
      "issuer: I", //                       3
      'caseNumber: "1"', //                 4
      "deadline: 2026-01-01", //            5
      "language: en", //                    6
      "chapters:", //                       7
      "  - id: ch1", //                     8
      "    title: C", //                    9
      "    measures:", //                  10
      "      - id: m1", //                 11
      "        reference: R", //           12
      "    priority:", //                  13
      "      maxRanks: 0", //              14
    ].join("\n");
    const result = parseTemplateText(text, "lines.yaml");
    expect(result.ok ? [] : result.problems.map((p) => [p.line, p.path])).toEqual([
      [11, "chapters[ch1].measures[m1].text"],
      [14, "chapters[ch1].priority.maxRanks"],
    ]);
  });

  it("template:check prints file and path and exits 1", async () => {
    const doc = lis1();
    delete doc.chapters[2].measures[3].text;
    const file = path.join(mkdtempSync(path.join(tmpdir(), "hs-tpl-")), "broken.yaml");
    writeFileSync(file, stringify(doc));
    const run = promisify(execFile)(process.execPath, ["--import", "tsx", "cli/template-check.ts", file]);
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("broken.yaml: chapters[kap5].measures[kap5-tiltak-4].text: required") });
  });

  it("template:check accepts the LIS1 template", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "cli/template-check.ts", "templates/lis1-evaluering-2021.yaml"]);
    expect(stdout).toContain("ok (5 chapters, 71 numbered items)");
  });
});
