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

/** Each variant breaks one rule; the message must name the path (and what is wrong). */
const variants: [string, (t: Doc) => void, RegExp][] = [
  ["missing measure text", (t) => delete t.chapters[2].measures[3].text, /^chapters\[2\]\.measures\[3\]\.text: required$/],
  ["empty measure text", (t) => (t.chapters[0].measures[0].text = "  "), /^chapters\[0\]\.measures\[0\]\.text: required$/],
  ["duplicate measure id", (t) => (t.chapters[1].measures[1].id = t.chapters[0].measures[0].id), /^chapters\[1\]\.measures\[1\]\.id: duplicate id "kap3-tiltak-1" \(first used at chapters\.0\.measures\.0\.id\)$/],
  ["duplicate question id", (t) => (t.general[0].id = "avsender-navn"), /^general\[0\]\.id: duplicate id "avsender-navn"/],
  ["priority over no measures", (t) => (t.chapters[4].priority = { text: "Prioriter", maxRanks: 3, justification: { text: "Begrunn" } }), /^chapters\[4\]\.priority: a priority question needs the chapter to have measures$/],
  ["rank limit 0", (t) => (t.chapters[0].priority.maxRanks = 0), /^chapters\[0\]\.priority\.maxRanks: must be at least 1$/],
  ["unknown question type", (t) => (t.sender[1].type = "dropdown"), /^sender\[1\]\.type: unknown question type/],
  ["bad deadline date", (t) => (t.deadline = "2021-02-30"), /^deadline: must be a date written YYYY-MM-DD$/],
  ["deadline not a date", (t) => (t.deadline = "1. mars"), /^deadline: must be a date written YYYY-MM-DD$/],
  ["no chapters", (t) => (t.chapters = []), /^chapters: needs at least one chapter$/],
  ["choice without options", (t) => (t.sender[0].options = []), /^sender\[0\]\.options: needs at least one option$/],
  ["bad id characters", (t) => (t.chapters[0].id = "Kapittel 3"), /^chapters\[0\]\.id: must be lower-case letters/],
  ["negative max length", (t) => (t.chapters[0].measures[0].feedbackMaxLength = -5), /^chapters\[0\]\.measures\[0\]\.feedbackMaxLength: must be a positive whole number$/],
  ["unknown field (typo)", (t) => (t.chapters[0].measures[0].refrence = "Se kapittel 3.1."), /^chapters\[0\]\.measures\[0\]: Unrecognized key: "refrence"$/],
  ["feedback asked on maybe", (t) => (t.chapters[4].questions[0].feedback.askedOn = "kanskje"), /^chapters\[4\]\.questions\[0\]\.feedback\.askedOn: /],
  ["missing issuer", (t) => delete t.issuer, /^issuer: required$/],
  ["bad language", (t) => (t.language = "de"), /^language: /],
];

describe("invalid templates", () => {
  it.each(variants)("%s", (_name, breakIt, expected) => {
    const doc = lis1();
    breakIt(doc);
    const result = parseTemplateText(stringify(doc), "bad.yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toContainEqual(expect.stringMatching(expected));
  });

  it("reports YAML syntax errors with the line", () => {
    const result = parseTemplateText("id: x\ntitle: [unclosed\n", "broken.yaml");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]!.path).toMatch(/^line \d+$/);
  });

  it("template:check prints file and path and exits 1", async () => {
    const doc = lis1();
    delete doc.chapters[2].measures[3].text;
    const file = path.join(mkdtempSync(path.join(tmpdir(), "hs-tpl-")), "broken.yaml");
    writeFileSync(file, stringify(doc));
    const run = promisify(execFile)(process.execPath, ["--import", "tsx", "cli/template-check.ts", file]);
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("broken.yaml: chapters[2].measures[3].text: required") });
  });

  it("template:check accepts the LIS1 template", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "cli/template-check.ts", "templates/lis1-evaluering-2021.yaml"]);
    expect(stdout).toContain("ok (5 chapters, 71 numbered items)");
  });
});
