/**
 * Hostile inputs of about 1 MB for every check that user input reaches: each question type's
 * answer rules, the section form's zod schema (text, e-mail, yes/no, choice, ranking, versions),
 * the account forms' zod schemas, the Markdown import parser and the diff. Run by
 * test/unit/adversarial-input.test.ts in a child process, so a case that backtracks
 * catastrophically is killed instead of hanging the test run.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { planImport } from "../../export/import";
import * as accountForms from "../../app/lib/auth/forms";
import { boundedDiff } from "../../app/lib/diff";
import { translator } from "../../app/lib/i18n";
import { formItems, formSections, type FormItem } from "../../consultation/form";
import { sectionSchema, versionSchema } from "../../app/lib/section-form/section-schema";
import { checkAnswer, checkRanking } from "../../consultation/validate";
import { lis1Template } from "./fixtures";

export const MB = 1 << 20;
const t = translator("nb");
const template = lis1Template();
const items = formItems(template);
const byType = (type: FormItem["answerType"]) => items.find((i) => i.answerType === type)!;
const sender = formSections(template).find((s) => s.id === "sender")!;
const kap3 = formSections(template).find((s) => s.id === "kap3")!;

/** `unit` repeated to `size` characters. */
const fill = (unit: string, size = MB) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** Strings that make naive patterns backtrack: runs of the separators they look for. */
export const hostileStrings: Record<string, (size?: number) => string> = {
  dotsBetweenAts: (n = MB) => `a@${".".repeat(n)}@`,
  atsAndDots: (n) => fill("@.", n),
  longLocalPart: (n = MB) => `${"a".repeat(n)}@`,
  dottedDomain: (n = MB) => `a@${fill("a.", n)}!`,
  dashedDomain: (n = MB) => `a@${fill("a-", n)}`,
  quotes: (n = MB) => `${"'".repeat(n)}@a.no`,
  spaces: (n) => fill(" \t", n),
  digits: (n) => fill("1", n),
  crlf: (n) => fill("\r\n", n),
};

const markdown: Record<string, (size?: number) => string> = {
  emphasis: (n) => fill("*a", n),
  underscores: (n) => fill("_a", n),
  brackets: (n) => fill("[", n),
  links: (n) => fill("[a](", n),
  images: (n) => fill("![", n),
  backticks: (n) => fill("`a", n),
  angle: (n) => fill("<a", n),
  quoteNesting: (n) => fill(">", n),
  listNesting: (n) => fill("- ", n),
  numberedNesting: (n) => fill("1. ", n),
  definitions: (n) => fill("[a]: b\n", n),
  entities: (n) => fill("&#", n),
  comment: (n = MB) => `<!--${"-".repeat(n)}`,
  allMarks: (n) => fill("![&*<[\\]_`", n),
  escapes: (n) => fill("\\*", n),
  tabs: (n) => fill("a\t", n),
  heading: (n) => `# ${fill("ord ", n)}`,
  // As many marks as the budget allows, in one paragraph, then plain words.
  marksInBudget: (n) => `${"![&*<[\\]_`".repeat(900)}${fill(" ord", n)}`,
  items: (n) => `# ${template.title}\n\nSaksnummer: ${template.caseNumber}\n\n## Svar:\n\n${fill("- 1\\. a\n", n)}`,
  // The item-number and rank-option patterns see whole paragraphs.
  itemDigits: (n) => `# ${template.title}\n\nSaksnummer: ${template.caseNumber}\n\n## Svar:\n\n- ${fill("1", n)}`,
  optionDigits: (n) => `# ${template.title}\n\nSaksnummer: ${template.caseNumber}\n\n## Svar:\n\n- 1\\. x\n  - ${fill("1", n)}`,
};

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

export interface Case {
  name: string;
  run: (size: number) => unknown;
}

export const cases: Case[] = [
  ...Object.entries(hostileStrings).flatMap(([name, make]) =>
    (["text", "email", "yes_no", "choice"] as const).map((type) => ({ name: `checkAnswer ${type} ${name}`, run: (n: number) => checkAnswer(byType(type), make(n)) })),
  ),
  { name: "checkAnswer ranking 100k unknown measures", run: (n) => checkAnswer(byType("ranking"), Array.from({ length: n / 10 }, (_, i) => `m-${i}`)) },
  { name: "checkRanking 1 MB rank", run: (n) => checkRanking(byType("ranking"), [{ measureId: "kap3-tiltak-1", rank: fill("9", n) }]) },
  ...Object.entries(hostileStrings).flatMap(([name, make]) => [
    { name: `section schema e-mail ${name}`, run: (n: number) => parseWithZod(form([["avsender-epost", make(n)], ["v.avsender-epost", "0"]]), { schema: sectionSchema(sender.items, t) }) },
    { name: `section schema text ${name}`, run: (n: number) => parseWithZod(form([["kap3-tiltak-1__feedback", make(n)], ["v.kap3-tiltak-1__feedback", "0"]]), { schema: sectionSchema(kap3.items, t) }) },
    { name: `section schema version ${name}`, run: (n: number) => parseWithZod(form([["kap3-tiltak-1__support", "yes"], ["v.kap3-tiltak-1__support", make(n)]]), { schema: sectionSchema(kap3.items, t) }) },
    { name: `versionSchema ${name}`, run: (n: number) => versionSchema("bad").safeParse(make(n)) },
    // Every account form schema, every field the same hostile string.
    ...Object.entries(accountForms)
      .filter(([, schema]) => typeof schema === "object" && "safeParse" in schema)
      .map(([schemaName, schema]) => ({
        name: `${schemaName} ${name}`,
        run: (n: number) => {
          const value = make(n);
          const fields = ["email", "password", "name", "redirectTo", "intent", "role", "userId", "version", "inviteId", "consultationVersionId"];
          return (schema as { safeParse(v: unknown): unknown }).safeParse(schemaName === "emailField" ? value : Object.fromEntries(fields.map((f) => [f, value])));
        },
      })),
  ]),
  { name: "section schema 50k ranking fields", run: (n) => parseWithZod(form(Array.from({ length: n / 20 }, (_, i) => [`kap3__priority.m${i}`, "1"] as [string, string]).concat([["v.kap3__priority", "0"]])), { schema: sectionSchema(kap3.items, t) }) },
  { name: "section schema 50k version fields", run: (n) => parseWithZod(form(Array.from({ length: n / 20 }, (_, i) => [`v.f${i}`, "1"] as [string, string])), { schema: sectionSchema(kap3.items, t) }) },
  ...Object.entries(markdown).map(([name, make]) => ({ name: `import ${name}`, run: (n: number) => planImport(template, new Map(), make(n)) })),
  { name: "diff unrelated texts", run: (n) => boundedDiff(fill("alfa beta gamma ", n / 2), fill("delta epsilon ", n / 2)) },
  { name: "diff many lines", run: (n) => boundedDiff(fill("a\n", n / 2), fill("b\n", n / 2)) },
  { name: "diff 20,000 unrelated words", run: () => boundedDiff(fill("alfa ", 10_000), fill("beta ", 10_000)) },
];
