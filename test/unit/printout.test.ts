/**
 * The printout reader (export/printout.ts), its text extraction (app/lib/printout.server.ts),
 * "start from a printout" through the import planner, reference answers and their comparison.
 */
import { describeGrowth, growth, isLinear } from "../support/linear";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { AnswerValue } from "../../consultation/answers";
import { readTemplateFile } from "../../consultation/file.server";
import { formItems } from "../../consultation/form";
import type { Template } from "../../consultation/schema";
import { addReference, deleteReference, listReferences } from "../../db/queries/references";
import { getAnswers, getResponse, listRevisions, startResponse } from "../../db/queries/responses";
import { organisations } from "../../db/schema";
import { applyImport, type ImportProblem } from "../../export/import";
import { comparableQuestion, readPrintout } from "../../export/printout";
import { planPrintout } from "~/lib/printout-import.server";
import { MAX_PRINTOUT_BYTES, printoutText } from "~/lib/printout.server";
import { compareAnswers } from "~/lib/references/compare";
import { translator } from "~/lib/i18n";
import { importProblemMessage } from "~/lib/import-messages";
import { openDemoDb, type DemoDb } from "../support/demo-db";
import { seed003Path } from "../support/seed-003";

const root = path.resolve(import.meta.dirname, "../..");
function template(file: string): Template {
  const result = readTemplateFile(path.join(root, file));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.template;
}
const LIS1 = template("templates/lis1-evaluering-2021.yaml");
const SMALL = template("test/fixtures/consultation-small.yaml");
const SEED = readFileSync(seed003Path(), "utf8");
const DEMO = parse(readFileSync(path.join(root, "db/demo/lis1-nmf-answers.yaml"), "utf8")) as Record<string, AnswerValue>;
const fixture = (name: string) => readFileSync(path.join(root, "test/fixtures/printouts", name), "utf8");
const codes = (problems: ImportProblem[]) => problems.map((p) => (p.number ? `${p.number}:${p.code}` : p.code));
const en = translator("en");

describe("reading seed 003's printout", () => {
  const read = readPrintout(LIS1, SEED);

  it("reads every one of the 71 items without a problem", () => {
    expect(read.problems).toEqual([]);
    expect(formItems(LIS1)).toHaveLength(71);
  });

  it("equals the demo response's answers, item by item", () => {
    expect(Object.fromEntries(read.values)).toEqual(DEMO);
    // Typed values: yes/no codes, the choice's id, rankings as measure ids, paragraphs kept.
    expect(read.values.get("avsender-type")).toBe("fag-interesseorganisasjon");
    expect(read.values.get("kap3-tiltak-4.support")).toBe("no");
    expect(read.values.get("kap3.priority")).toEqual(["kap3-tiltak-1", "kap3-tiltak-2", "kap3-tiltak-3"]);
    expect(String(read.values.get("kap3-tiltak-1.feedback")).split("\n\n")).toHaveLength(3);
  });

  it("keeps the redacted e-mail as published and says so", () => {
    expect(read.values.get("avsender-epost")).toBe("----------");
    expect([...read.redacted]).toEqual(["avsender-epost"]);
  });

  it("tolerates single spacing, page breaks with footers, CRLF and question texts hyphenated at a line end", () => {
    const single = SEED.split("\n")
      .filter((line) => line !== "")
      .map((line) => (line.trim() === "" ? "" : line))
      .join("\r\n")
      .replace("• 9. Benytte", "Side 2 av 8\r\n\f• 9. Benytte")
      .replace("Helseforetak og sykehus kan opprette", "Helse-\r\nforetak og sykehus kan opprette")
      .replace("o 19.4. Innføre karantenetid ved", "o 19.4. Inn-\r\nføre karantene-\r\ntid ved");
    const again = readPrintout(LIS1, single);
    expect(again.problems).toEqual([]);
    expect(Object.fromEntries(again.values)).toEqual(DEMO);
  });

  it("compares question texts without whitespace and hyphens, but still by their words", () => {
    expect(comparableQuestion("LIS1-\nstillinger i til-\nlegg")).toBe(comparableQuestion("LIS1-stillinger i tillegg"));
    expect(comparableQuestion("Støtter du tiltaket?")).not.toBe(comparableQuestion("Støtter dere tiltaket?"));
  });
});

describe("the reader is pure", () => {
  it("export/printout.ts and export/answer-values.ts load no database, server or I/O module", () => {
    for (const file of ["export/printout.ts", "export/answer-values.ts"]) {
      const imports = [...readFileSync(path.join(root, file), "utf8").matchAll(/^import (type )?.*from "([^"]+)";$/gm)].filter((m) => !m[1]).map((m) => m[2]);
      expect(imports.filter((m) => !/^\.\.\/consultation\/|^\.\/(answer-values|labels|model)$/.test(m!)), file).toEqual([]);
    }
  });
});

describe("printouts that do not fit", () => {
  it("another consultation's printout: one message naming ours, nothing read", () => {
    const small = formItems(SMALL)
      .map((item) => `• ${item.number}. ${item.text}\n\no Ja\n`)
      .join("\n");
    const read = readPrintout(LIS1, small);
    expect(codes(read.problems)).toEqual(["printoutOtherConsultation"]);
    expect(read.values.size).toBe(0);
    expect(importProblemMessage(read.problems[0]!, en)).toContain("LIS1 – evaluering og tiltak");
    // And the other way round.
    expect(codes(readPrintout(SMALL, SEED).problems)).toEqual(["printoutOtherConsultation"]);
  });

  it("a truncated file: the missing numbers are named", () => {
    const cut = SEED.slice(0, SEED.indexOf("• 40."));
    const read = readPrintout(LIS1, cut);
    expect(codes(read.problems)).toEqual(["printoutMissing"]);
    expect(read.problems[0]!.params).toEqual({ numbers: "40–71", last: 39 });
    expect(importProblemMessage(read.problems[0]!, en)).toBe(
      "Questions 40–71 are missing from the printout (the last question read is 39). Is the file cut off?",
    );
    expect(read.values.size).toBe(0);
  });

  it("an answer that is not one of the question's options, a changed question, an unknown number: each by number", () => {
    const text = SEED.replace("• 7. Leger tilbys kun den tjenesten de mangler for å fullføre del 1. Se kapittel 3.2. Støtter du/dere tiltaket? \n\no Ja", "• 7. Leger tilbys kun den tjenesten de mangler for å fullføre del 1. Se kapittel 3.2. Støtter du/dere tiltaket? \n\no Kanskje")
      .replace("o Fag- eller interesseorganisasjon", "o Politisk parti")
      .replace("• 10. Dine/deres tilbakemeldinger", "• 10. Hva synes du?")
      .replace("• 71. Generelle", "• 72. Ekstra\n\no Tekst\n\n• 71. Generelle");
    const read = readPrintout(LIS1, text);
    expect(codes(read.problems)).toEqual(["1:printoutNotAnOption", "7:printoutNotAnOption", "10:questionTextMismatch", "72:unknownNumber"]);
    expect(importProblemMessage(read.problems[1]!, en)).toBe("Question 7: “Kanskje” is not one of the question's answers.");
  });

  it("a ranking that breaks the rank rules is refused by number", () => {
    const text = SEED.replace("o 19.2. Leger tilbys kun den tjenesten de mangler for å fullføre del 1. \n\n▪ 2", "o 19.2. Leger tilbys kun den tjenesten de mangler for å fullføre del 1. \n\n▪ 1");
    expect(codes(readPrintout(LIS1, text).problems)).toEqual(["19:rankUsedTwice", "19:rankGap"]);
  });

  it("hostile text up to the size limit is read in linear time (128 kB against 2 MB)", async () => {
    const cases: ((size: number) => string)[] = [
      (size) => `• 1. Høringsinnspillet kommer fra:\n${"o\nx-\n".repeat(size / 6)}`,
      (size) => `• 1. ${"a".repeat(size / 2)}  ${" ".repeat(size / 2 - 100)}b`,
      (size) => `Svar:\n${"• 1. \n".repeat(size / 6)}`,
      (size) => "x".repeat(size - 10),
    ];
    for (const make of cases) {
      expect(readPrintout(LIS1, make(2 * 1024 * 1024)).problems.length).toBeGreaterThan(0);
      const texts = new Map([128 * 1024, 2 * 1024 * 1024].map((size) => [size, make(size)]));
      const g = await growth((size) => readPrintout(LIS1, texts.get(size)!), 128 * 1024, 16, 3);
      expect(isLinear(g), describeGrowth(g)).toBe(true);
    }
  }, 120_000);

  it("text with no numbered items, and empty text", () => {
    expect(codes(readPrintout(LIS1, "Kjære Helsedirektoratet,\n\nvi støtter forslaget.").problems)).toEqual(["printoutNoItems"]);
    expect(codes(readPrintout(LIS1, "  \n ").problems)).toEqual(["empty"]);
  });
});

/** A one-page PDF that draws a filled square and has no text (what a scanned printout looks like to pdftotext). */
function imageOnlyPdf(): Uint8Array {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
  ];
  const stream = "0.5 g 100 100 300 300 re f";
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}

describe("printout text from uploads (app/lib/printout.server.ts)", () => {
  it("a text file is read as UTF-8", async () => {
    const result = await printoutText(new TextEncoder().encode(SEED));
    expect(result).toEqual({ ok: true, text: SEED });
  });

  it("an image-only PDF: no text to read", async () => {
    expect(execFileSync("pdftotext", ["-", "-"], { input: imageOnlyPdf(), encoding: "utf8" }).trim()).toBe("");
    expect(await printoutText(imageOnlyPdf())).toEqual({ ok: false, problem: { code: "printoutNoText" } });
  });

  it("a damaged PDF, a binary file, a 50 MB file: refused with their own message", async () => {
    expect(await printoutText(new TextEncoder().encode("%PDF-1.7\nthis is not really a pdf"))).toMatchObject({ ok: false, problem: { code: "printoutUnreadable" } });
    expect(await printoutText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0xff]))).toEqual({ ok: false, problem: { code: "printoutNotPdf" } });
    const huge = new Uint8Array(50 * 1024 * 1024);
    huge.set(new TextEncoder().encode("%PDF-1.4"));
    // Refused by size, before pdftotext runs: pdftotext on these bytes would make it "printoutUnreadable".
    expect(await printoutText(huge)).toEqual({ ok: false, problem: { code: "tooLarge", params: { size: 50 * 1024 * 1024, max: MAX_PRINTOUT_BYTES } } });
  });
});

describe("start from a printout and reference answers (database)", () => {
  let demo: DemoDb;
  let emptyResponseId: number;
  let otherOrg: number;
  beforeAll(async () => {
    demo = await openDemoDb();
    const response = (await getResponse(demo.db, demo.organisationId, demo.responseId))!;
    otherOrg = (await demo.db.insert(organisations).values({ name: "Tom forening", slug: "tom" }).returning({ id: organisations.id }))[0]!.id;
    emptyResponseId = (await startResponse(demo.db, otherOrg, response.consultationVersionId, null));
  });
  afterAll(() => demo.close());

  it("seed 003 imports into an empty LIS1 response as revisions from a printout, equal to the demo answers", async () => {
    const response = (await getResponse(demo.db, otherOrg, emptyResponseId))!;
    const planned = planPrintout(response.consultation.template, (await getAnswers(demo.db, otherOrg, emptyResponseId)), SEED);
    if (!planned.ok) throw new Error(JSON.stringify(planned.problems));
    expect(planned.plan.changes).toHaveLength(Object.keys(DEMO).length);
    const result = await applyImport(demo.db, { organisationId: otherOrg, responseId: emptyResponseId, userId: null }, planned.plan.changes, "printout");
    expect(result.conflicts).toEqual([]);
    const stored = await getAnswers(demo.db, otherOrg, emptyResponseId);
    expect(Object.fromEntries([...stored].map(([key, answer]) => [key, answer.value]))).toEqual(DEMO);
    expect((await listRevisions(demo.db, otherOrg, emptyResponseId, "kap3.priority")).map((r) => r.source)).toEqual(["printout"]);
    // Again: nothing changes.
    const again = planPrintout(response.consultation.template, stored, SEED);
    expect(again.ok && again.plan.changes.length).toBe(0);
  });

  it("a redacted e-mail never replaces a stored one", async () => {
    const response = (await getResponse(demo.db, demo.organisationId, demo.responseId))!;
    const stored = new Map((await getAnswers(demo.db, demo.organisationId, demo.responseId)));
    stored.set("avsender-epost", { ...stored.get("avsender-epost")!, value: "post@nmf.no" });
    const planned = planPrintout(response.consultation.template, stored, SEED);
    expect(planned.ok && planned.plan.changes).toEqual([]);
    expect(planned.ok && planned.keptRedacted).toEqual([4]);
  });

  it("a changed answer planned against a stale version is a conflict, left alone", async () => {
    const response = (await getResponse(demo.db, otherOrg, emptyResponseId))!;
    const changed = SEED.replace("• 11. Innføre karantenetid ved ansettelse i kommune. Se kapittel 3.4. Støtter du/dere tiltaket? \n\no Nei", "• 11. Innføre karantenetid ved ansettelse i kommune. Se kapittel 3.4. Støtter du/dere tiltaket? \n\no Ja");
    expect(changed).not.toBe(SEED);
    const planned = planPrintout(response.consultation.template, (await getAnswers(demo.db, otherOrg, emptyResponseId)), changed);
    if (!planned.ok) throw new Error("plan failed");
    expect(planned.plan.changes.map((c) => c.number)).toEqual([11]);
    const stale = planned.plan.changes.map((c) => ({ ...c, baseVersion: c.baseVersion - 1 }));
    const result = await applyImport(demo.db, { organisationId: otherOrg, responseId: emptyResponseId, userId: null }, stale, "printout");
    expect(result.conflicts.map((c) => c.change.number)).toEqual([11]);
    expect((await getAnswers(demo.db, otherOrg, emptyResponseId)).get("kap3-tiltak-4.support")!.value).toBe("no");
  });

  it("reference answers are kept per organisation and compared measure by measure", async () => {
    const add = async (file: string, name: string) => {
      const read = readPrintout(LIS1, fixture(file));
      expect(read.problems).toEqual([]);
      return await addReference(demo.db, demo.organisationId, demo.responseId, { organisationName: name, answers: Object.fromEntries(read.values), createdBy: null });
    };
    expect((await add("legeforeningen.txt", "Den norske legeforening")).status).toBe("added");
    expect((await add("ylf.txt", "Yngre legers forening")).status).toBe("added");
    // Another organisation sees none of them, and cannot delete them.
    expect((await listReferences(demo.db, otherOrg, demo.responseId))).toEqual([]);
    const refs = await listReferences(demo.db, demo.organisationId, demo.responseId);
    expect(refs.map((r) => r.organisationName)).toEqual(["Den norske legeforening", "Yngre legers forening"]);
    expect((await deleteReference(demo.db, otherOrg, demo.responseId, refs[0]!.id, 1))).toBe("notFound");
    expect((await deleteReference(demo.db, demo.organisationId, demo.responseId, refs[0]!.id, 2))).toBe("stale");

    const { rows, perReference } = compareAnswers(LIS1, (key) => DEMO[key], refs.map((r) => r.answers));
    expect(rows).toHaveLength(26);
    expect(perReference).toEqual([
      { agree: 21, compared: 26 },
      { agree: 19, compared: 26 },
    ]);
    const first = rows.find((r) => r.supportKey === "kap3-tiltak-1.support")!;
    expect(first.ours).toMatchObject({ support: "yes", rank: 1 });
    expect(first.theirs.map((p) => [p.support, p.rank, p.agrees])).toEqual([
      ["no", 2, false],
      ["yes", 1, true],
    ]);
    expect(first.theirs[0]!.feedback).toMatch(/^Legeforeningen mener/);
    expect([first.agree, first.compared]).toEqual([1, 2]);
  });
});

describe("npm run import:printout", () => {
  it("dry-runs seed 003 against the demo (no change) and adds a reference answer", () => {
    const dir = execFileSync("mktemp", ["-d"], { encoding: "utf8" }).trim();
    const env = { ...process.env, DATABASE_URL: path.join(dir, "cli.sqlite"), LANG: "en" };
    const run = (args: string[]) => execFileSync("npx", ["tsx", "cli/import-printout.ts", ...args], { cwd: root, env, encoding: "utf8", stdio: "pipe" });
    execFileSync("npx", ["tsx", "cli/seed.ts"], { cwd: root, env, stdio: "pipe" });
    expect(run(["--response", "demo", "--in", seed003Path(), "--dry-run"])).toContain("0 change(s), 68 unchanged.");
    expect(run(["--response", "demo", "--in", path.join(root, "test/fixtures/printouts/ylf.txt"), "--as-reference", "Yngre legers forening", "--published", "2021-06-01"])).toMatch(
      /68 answer\(s\) read for Yngre legers forening\.\nAdded reference answer \d+\./,
    );
    let failed = "";
    try {
      run(["--response", "demo", "--in", path.join(root, "test/fixtures/consultation-small.yaml")]);
    } catch (error) {
      failed = String((error as { stderr: string }).stderr);
    }
    expect(failed).toContain("No numbered questions found");
  }, 60_000);
});
