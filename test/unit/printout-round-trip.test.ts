/**
 * Our own PDFs read back (app/lib/printout.server.ts + export/printout.ts): for LIS1, the English,
 * nynorsk and question-kind fixtures, the printout reader reproduces the answers exactly, and
 * `template:from-printout` on the PDF gives the same items (number, text, kind, ranking options,
 * rank limit, condition); where a printout cannot show an item's kind, the draft says so in a review note.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AnswerValue } from "../../consultation/answers";
import { parseTemplateText } from "../../consultation/file.server";
import { formItems } from "../../consultation/form";
import { itemShape } from "../support/item-shape";
import type { Template } from "../../consultation/schema";
import { buildDocument } from "../../export/model";
import { toPdf } from "../../export/pdf";
import { joinLines, readPrintout } from "../../export/printout";
import { templateFromPrintout } from "../../export/template-from-printout";
import { printoutText } from "~/lib/printout.server";
import { loadDemoAnswers } from "../support/demo-export";

const root = path.resolve(import.meta.dirname, "../..");
function template(file: string): Template {
  const result = parseTemplateText(readFileSync(path.join(root, file), "utf8"), file);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.template;
}

/** A paragraph that only breaks after slashes: pdfkit wraps it at a "/" several times. */
const SLASHES = Array.from({ length: 40 }, (_, i) => (i % 2 ? "kirurgiske" : "medisinske")).join("/");

const CASES: { name: string; file: string; answers: Record<string, AnswerValue> }[] = [
  {
    name: "LIS1 (nb)",
    file: "templates/lis1-evaluering-2021.yaml",
    answers: { ...loadDemoAnswers(), "generelle-tilbakemeldinger": `${String(loadDemoAnswers()["generelle-tilbakemeldinger"])}\n\n${SLASHES}` },
  },
  {
    name: "English",
    file: "test/fixtures/consultations/en-active-travel.yaml",
    answers: {
      "sender-name": "Cycling Campaign (test)",
      "sender-email": "post@example.org",
      "walking-1.support": "yes",
      "walking-1.feedback": "Yes, and wider still.\n\nSecond paragraph.",
      "walking-2.support": "no",
      "walking-3.support": "yes",
      "walking.priority": ["walking-2", "walking-1"],
      "walking.justification": "Children first.",
      "cycling-1.support": "yes",
      "cycling.priority": ["cycling-1"],
      "cycling-agree": "no",
      "cycling-agree.feedback": "The counts are from 2019.",
      "cycling-pilot": "yes",
      "cycling-pilot.feedback": "Bristol",
      "general-comments": `Thank you. Walking/cycling/public transport and/or ${SLASHES}`,
    },
  },
  {
    name: "nynorsk",
    file: "test/fixtures/consultations/nn-kollektiv.yaml",
    answers: {
      "avsendar-namn": "Bygdelaget (test)",
      "buss-1.support": "yes",
      "buss-1.feedback": `Viktig for ungdommen. ${SLASHES}`,
      "buss-2.support": "no",
      "buss.priority": ["buss-1"],
      "ferje-1.support": "yes",
      "ferje.priority": ["ferje-1"],
      "ferje-einig": "no",
      "ferje-einig.feedback": "Talgrunnlaget er gamalt.",
      "ferje-pilot": "no",
    },
  },
  {
    name: "question kinds",
    file: "test/fixtures/consultations/en-kinds.yaml",
    answers: {
      "sender-name": "Friends of the Library (test)",
      "sender-members": 1500,
      "hours-1.support": "yes",
      "hours-agree": "disagree",
      "hours-days": ["mon", "wed", "fri"],
      "budget-amount": 250000.5,
      "budget-share": 12.5,
      "budget-sources": ["fees"],
      "general-overall": "good",
    },
  },
];


describe.each(CASES)("our PDF of a filled $name response", ({ file, answers }) => {
  const original = template(file);
  const text = (async () => {
    const pdf = await toPdf(buildDocument({ template: original, answers, organisationName: "Test org", date: "2030-05-06" }));
    const extracted = await printoutText(pdf);
    if (!extracted.ok) throw new Error(extracted.problem.code);
    return extracted.text;
  })();

  it("reads back to exactly its answers", async () => {
    const read = readPrintout(original, await text);
    expect(read.problems).toEqual([]);
    expect(Object.fromEntries(read.values)).toEqual(answers);
  }, 60_000);

  it("becomes a draft template with the same items; what it cannot tell is marked for review", async () => {
    const draft = templateFromPrintout(await text);
    if (!draft.ok) throw new Error(JSON.stringify(draft.problems));
    expect(draft.template.title).toBe(original.title);
    expect(draft.template.issuer).toBe(original.issuer);
    expect(draft.template.caseNumber).toBe(original.caseNumber);
    const want = formItems(original);
    const got = formItems(draft.template);
    expect(got.map((i) => i.number)).toEqual(want.map((i) => i.number));
    const reviewed = new Set(draft.review.flatMap((r) => (r.number ? [r.number] : [])));
    for (const [k, item] of want.entries()) {
      const expected = itemShape(want, item);
      const actual = itemShape(got, got[k]!);
      expect(actual.text, `item ${item.number}`).toBe(expected.text);
      // A difference is only allowed where the draft asks a person to check that item.
      if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(reviewed.has(String(item.number)), `item ${item.number} differs without a review note: ${JSON.stringify([actual, expected])}`).toBe(true);
    }
    expect(draft.review.map((r) => r.path)).toContain("deadline");
  }, 60_000);
});

describe("wrapped lines", () => {
  it("a line that ends in a slash or a hyphen continues without a space", () => {
    expect(joinLines(["medisinske/", "kirurgiske avdelinger"])).toBe("medisinske/kirurgiske avdelinger");
    expect(joinLines(["LIS1-", "stillinger"])).toBe("LIS1-stillinger");
    expect(joinLines(["og /", "eller"])).toBe("og / eller");
    expect(joinLines(["slutt.", "Ny"])).toBe("slutt. Ny");
  });
});
