/**
 * A printout to a draft template (export/template-from-printout.ts, `npm run template:from-printout`):
 * seed 003 becomes a template that asks LIS1's 71 questions item by item; the same printout fills a
 * response on it that exports Markdown equal to seed 003; what the printout cannot show is a review note.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTemplateText } from "../../consultation/file.server";
import { formSections, type FormItem } from "../../consultation/form";
import type { Template } from "../../consultation/schema";
import { toMarkdown } from "../../export/markdown";
import { buildDocument } from "../../export/model";
import { readPrintout } from "../../export/printout";
import { templateFromPrintout } from "../../export/template-from-printout";
import { draftTemplateYaml } from "../../export/template-yaml";
import { loadTemplateFile } from "../support/demo-export";
import { markdownOutline, outlineToSeedItems } from "../support/outline";
import { normaliseWhitespace, parseSeed003, seed003Path } from "../support/seed-003";

const root = path.resolve(import.meta.dirname, "../..");
const SEED = readFileSync(seed003Path(), "utf8");
const LIS1 = loadTemplateFile();

/** What a person filling in the form sees of an item: number, text, kind, part, options to rank, limit. */
function asked(template: Template) {
  return formSections(template).flatMap((section) =>
    section.items.map((item: FormItem) => ({
      number: item.number,
      text: item.text,
      kind: item.answerType,
      part: section.kind,
      rankOptions: item.rankOptions?.map((o) => `${o.number} ${o.label}`),
      maxRanks: item.maxRanks,
      askedWhen: item.askedWhen && { number: formSections(template).flatMap((s) => s.items).find((i) => i.key === item.askedWhen!.key)!.number, answer: item.askedWhen.answer },
    })),
  );
}

function draftOf(text: string): Template {
  const draft = templateFromPrintout(text);
  if (!draft.ok) throw new Error(JSON.stringify(draft.problems));
  return draft.template;
}

describe("seed 003 to a template", () => {
  const draft = templateFromPrintout(SEED);
  if (!draft.ok) throw new Error(JSON.stringify(draft.problems));

  it.each(asked(LIS1).map((item) => [item.number, item] as const))("item %s asks what LIS1 asks", (number, expected) => {
    expect(asked(draft.template)[number - 1]).toEqual(expected);
  });

  it("has LIS1's 71 items and the same number of chapters", () => {
    expect(asked(draft.template)).toHaveLength(71);
    expect(draft.template.chapters.map((c) => (c.type === "group" ? "group" : c.reportChapter))).toEqual(["3", "4", "5", "6", "2"]);
  });

  it("a response filled by importing the same printout exports Markdown equal to seed 003, item by item", () => {
    const read = readPrintout(draft.template, SEED);
    expect(read.problems).toEqual([]);
    const markdown = toMarkdown(buildDocument({ template: draft.template, answers: Object.fromEntries(read.values), organisationName: "NMF", date: "2021-03-01" }));
    const norm = (items: ReturnType<typeof parseSeed003>) =>
      items.map((i) => ({ ...i, text: normaliseWhitespace(i.text), answer: i.answer.map(normaliseWhitespace), options: i.options.map((o) => ({ ...o, text: normaliseWhitespace(o.text) })) }));
    const seed = norm(parseSeed003());
    const got = norm(outlineToSeedItems(markdownOutline(markdown)));
    expect(got).toHaveLength(71);
    for (const [i, expected] of seed.entries()) expect(got[i], `item ${expected.number}`).toEqual(expected);
  });

  it("marks what the printout cannot show for review instead of inventing it", () => {
    const paths = draft.review.map((r) => r.path);
    for (const field of ["title", "issuer", "caseNumber", "deadline"]) expect(paths).toContain(field);
    for (const chapter of ["kap3", "kap4", "kap5", "kap6", "kap2"]) expect(paths).toContain(`chapters[${chapter}].title`);
    // Only the chosen sender option is printed: one option, and a note asking for the rest.
    const senderType = draft.template.sender[0]!;
    expect(senderType.type === "single_choice" && senderType.options.map((o) => o.label)).toEqual(["Fag- eller interesseorganisasjon"]);
    expect(draft.review.find((r) => r.number === "1" && r.path.endsWith(".options"))?.note).toMatch(/only the chosen option/);
    // The notes are in the template, so the editor shows them and they survive saving.
    expect(draft.template.review?.length).toBe(draft.review.length);
  });

  it("reads a blank printout (no answers) to the same numbering, with unanswered kinds marked", () => {
    // The questions and the ranking options only, as the portal prints an unanswered form.
    const items = parseSeed003();
    const text = items
      .map((i) => [`• ${i.number}. ${i.text}`, ...i.options.map((o) => `o ${o.number}. ${o.text}`)].join("\n\n"))
      .join("\n\n");
    const empty = templateFromPrintout(text);
    if (!empty.ok) throw new Error(JSON.stringify(empty.problems));
    expect(asked(empty.template).map((i) => [i.number, i.text, i.rankOptions, i.maxRanks])).toEqual(asked(LIS1).map((i) => [i.number, i.text, i.rankOptions, i.maxRanks]));
    expect(empty.review.find((r) => r.number === "1")?.note).toMatch(/unanswered/);
  });

  it("refuses text that is not a printout, naming why", () => {
    expect(templateFromPrintout("just some text")).toMatchObject({ ok: false, problems: [{ code: "printoutNoItems" }] });
    expect(templateFromPrintout("• 1. One\n\n• 3. Three\n")).toMatchObject({ ok: false, problems: [{ code: "printoutNumbering", number: "3" }] });
  });
});

describe("npm run template:from-printout", () => {
  it("writes a file that template:check accepts, listing what to review", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "from-printout-"));
    try {
      const out = path.join(dir, "t.yaml");
      const printed = execFileSync("npx", ["tsx", "cli/template-from-printout.ts", "--in", seed003Path(), "--out", out], { cwd: root, encoding: "utf8" });
      expect(printed).toMatch(/71 numbered items/);
      expect(printed).toMatch(/chapters\[kap3\]\.title: chapter titles are not in the printout/);
      const check = execFileSync("npx", ["tsx", "cli/template-check.ts", out], { cwd: root, encoding: "utf8" });
      expect(check).toMatch(/ok \(5 chapters, 71 numbered items/);
      const parsed = parseTemplateText(readFileSync(out, "utf8"), out);
      expect(parsed.ok && asked(parsed.template)).toEqual(asked(LIS1));
      // It refuses to overwrite without --force.
      writeFileSync(out, "keep me");
      expect(() => execFileSync("npx", ["tsx", "cli/template-from-printout.ts", "--in", seed003Path(), "--out", out], { cwd: root, stdio: "pipe" })).toThrow(/exists/);
      expect(readFileSync(out, "utf8")).toBe("keep me");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("the YAML text round-trips to the same template", () => {
    const draft = templateFromPrintout(SEED);
    if (!draft.ok) throw new Error("draft");
    const again = parseTemplateText(draftTemplateYaml(draft.input, "seed"), "t.yaml");
    expect(again.ok && again.template).toEqual(draftOf(SEED));
  });
});
