/** The document model: structure rules that the golden test only shows by example. */
import { describe, expect, it } from "vitest";
import { formItems } from "../../../consultation/form";
import { contentDisposition, exportFilename } from "../../../export/filename";
import { buildDocument, type OutlineNode } from "../../../export/model";
import { loadTemplateFile } from "../../support/demo-export";

const template = loadTemplateFile();
const build = (answers: Record<string, string | string[]>) => buildDocument({ template, answers, organisationName: "Org", date: "2024-05-06" });
const byNumber = (items: OutlineNode[], n: number) => items.find((i) => i.number === String(n))!;
const numberOf = (key: string) => formItems(template).find((i) => i.key === key)!.number;

describe("buildDocument", () => {
  it("is pure: the same input gives the same document, Map or Record", () => {
    const answers = { "kap3-tiltak-1.support": "yes" };
    expect(build(answers)).toEqual(buildDocument({ template, answers: new Map(Object.entries(answers)), organisationName: "Org", date: "2024-05-06" }));
  });

  it("title block carries title, issuer, case number, organisation and date", () => {
    const { titleBlock, answersHeading } = build({});
    expect(titleBlock.title).toBe(template.title);
    expect(titleBlock.fields.map((f) => f.value)).toEqual([template.issuer, template.caseNumber, "Org", "2024-05-06"]);
    expect(answersHeading).toBe("Svar:");
  });

  it("unanswered items are bare; ranking options are always listed, ranks only under ranked ones", () => {
    const doc = build({ "kap3.priority": ["kap3-tiltak-2"] });
    expect(doc.items).toHaveLength(formItems(template).length);
    expect(byNumber(doc.items, 1).children).toEqual([]);
    const ranking = byNumber(doc.items, numberOf("kap3.priority"));
    expect(ranking.children.map((o) => [o.paragraphs[0]!.split(" ")[0], o.children.map((r) => r.paragraphs[0])])).toEqual([
      ["19.1.", []],
      ["19.2.", ["1"]],
      ["19.3.", []],
      ["19.4.", []],
      ["19.5.", []],
      ["19.6.", []],
      ["19.7.", []],
    ]);
  });

  it("conditional feedback that is not asked stays bare even if text is stored", () => {
    const trigger = formItems(template).find((i) => i.askedWhen)!;
    const asked = trigger.askedWhen!;
    const otherAnswer = asked.answer === "yes" ? "no" : "yes";
    const notAsked = build({ [asked.key]: otherAnswer, [trigger.key]: "gammel tekst" });
    expect(byNumber(notAsked.items, trigger.number).children).toEqual([]);
    const isAsked = build({ [asked.key]: asked.answer, [trigger.key]: "ny tekst" });
    expect(byNumber(isAsked.items, trigger.number).children[0]!.paragraphs).toEqual(["ny tekst"]);
  });

  it("text answers keep their paragraphs; yes/no and choices print their labels", () => {
    const doc = build({ "avsender-type": "kommune", "kap3-tiltak-1.support": "no", "kap3-tiltak-1.feedback": "Første.\n\nAndre\nlinje.\n\n\n\nTredje." });
    expect(byNumber(doc.items, 1).children[0]!.paragraphs).toEqual(["Kommune"]);
    expect(byNumber(doc.items, 5).children[0]!.paragraphs).toEqual(["Nei"]);
    expect(byNumber(doc.items, 6).children[0]!.paragraphs).toEqual(["Første.", "Andre\nlinje.", "Tredje."]);
  });
});

describe("download file names", () => {
  it("slugifies the organisation with æøå as ae/o/a in the ASCII name and keeps them in filename*", () => {
    const name = exportFilename("Sørlandets Ærlige Åpne Forening (SÆÅ)", "lis1-evaluering-2021", "2024-05-06", "docx");
    expect(name.ascii).toBe("hoeringssvar-sorlandets-aerlige-apne-forening-saea-lis1-evaluering-2021-2024-05-06.docx");
    expect(name.utf8).toBe("høringssvar-sørlandets-ærlige-åpne-forening-sæå-lis1-evaluering-2021-2024-05-06.docx");
    const header = contentDisposition(name);
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%._~-]+$/);
    expect(decodeURIComponent(header.split("''")[1]!)).toBe(name.utf8);
  });

  it("never produces an empty or unsafe name", () => {
    expect(exportFilename('"; \\ / <>', "x", "2024-05-06", "md").ascii).toBe("hoeringssvar-organisasjon-x-2024-05-06.md");
  });
});
