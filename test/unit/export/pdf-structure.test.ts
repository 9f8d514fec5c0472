/**
 * The demo PDF's tagging and PDF/A parts, read back with qpdf (test/support/pdf-structure.ts) and
 * poppler, not with our writer: the structure tree's nesting against the export model, every
 * marked-content id owned by exactly one element and found through the ParentTree, all drawn text
 * either tagged or a pagination artifact, and the sRGB output intent with a real ICC profile.
 * What this does not check (no veraPDF here): see docs/claims.md, "PDF/A".
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildDocument, type ExportDocument, type OutlineNode } from "../../../export/model";
import { toPdf } from "../../../export/pdf";
import { DEMO_DATE, DEMO_ORGANISATION_NAME, loadDemoAnswers, loadTemplateFile } from "../../support/demo-export";
import { poppler } from "../../support/pdf-outline";
import { allElements, readPdfStructure, shape, type PdfStructure } from "../../support/pdf-structure";

/** The tags the model calls for: L > LI > (Lbl, LBody > (P per paragraph, nested L)). */
const listShape = (nodes: OutlineNode[]): string =>
  `L(${nodes.map((n) => `LI(Lbl,LBody(${[...n.paragraphs.map(() => "P"), ...(n.children.length ? [listShape(n.children)] : [])].join(",")}))`).join(",")})`;

describe("PDF structure of the demo export (qpdf --json)", () => {
  let doc: ExportDocument;
  let pdf: Buffer;
  let s: PdfStructure;
  beforeAll(async () => {
    doc = buildDocument({ template: loadTemplateFile(), answers: loadDemoAnswers(), organisationName: DEMO_ORGANISATION_NAME, date: DEMO_DATE });
    pdf = await toPdf(doc);
    s = readPdfStructure(pdf);
  });

  it("one Document: H1 title, P per title field, H2 answers heading, then the outline as nested lists", () => {
    expect(s.roots.map((r) => r.type)).toEqual(["Document"]);
    // Four title fields in the demo (sent by, case number, answer from, date).
    expect(shape(s.roots[0]!)).toBe(`Document(H1,P,P,P,P,H2,${listShape(doc.items)})`);
    const elements = allElements(s.roots);
    for (const li of elements.filter((e) => e.type === "LI")) expect(li.kids.map((k) => k.type)).toEqual(["Lbl", "LBody"]);
    for (const l of elements.filter((e) => e.type === "L")) expect(new Set(l.kids.map((k) => k.type))).toEqual(new Set(["LI"]));
    // Each element's /P names the element it sits in (the Document's is the tree root).
    const byRef = new Map(elements.map((e) => [e.ref, e]));
    for (const e of elements) for (const kid of e.kids) expect(kid.parent).toBe(e.ref);
    expect(byRef.has(s.roots[0]!.parent)).toBe(false);
  });

  it("the tagged text reads as the document: bullets in Lbl, the items in P, and no page foot", () => {
    const tree = poppler("pdfinfo", pdf, ["-struct-text"]);
    expect(tree).toMatch(/^ {2}H1 \(block\)\n {4}"LIS1 – evaluering og tiltak"$/m);
    expect(tree).toMatch(/^\s+Lbl \(block\)\n\s+"•"$/m);
    expect(tree).toMatch(/^\s+Lbl \(block\)\n\s+"o"$/m);
    expect(tree).toContain('"1. Høringsinnspillet kommer fra:"');
    expect(tree).not.toMatch(/Side \d+ av \d+/);
    expect(poppler("pdftotext", pdf)).toMatch(/Side 1 av \d+/);
  });

  it("content elements own marked content, containers none; every MCID once, on its element's page", () => {
    const elements = allElements(s.roots);
    for (const e of elements) {
      if (["Document", "L", "LI", "LBody"].includes(e.type)) expect(e.mcids, `${e.type} ${e.ref}`).toEqual([]);
      else expect(e.mcids.length, `${e.type} ${e.ref}`).toBeGreaterThan(0);
    }
    const inTree = elements.flatMap((e) => e.mcids.map(([page, mcid]) => `${page}#${mcid}`));
    expect(new Set(inTree).size).toBe(inTree.length);
    const inContent = s.pages.flatMap((p) => p.sequences.filter((q) => q.mcid !== undefined).map((q) => `${p.ref}#${q.mcid}`));
    expect(new Set(inContent).size).toBe(inContent.length);
    expect(new Set(inTree)).toEqual(new Set(inContent));
    // Tagged sequences carry their element's type and some text.
    const typeOf = new Map<string, string>(elements.flatMap((e) => e.mcids.map(([page, mcid]) => [`${page}#${mcid}`, e.type] as const)));
    for (const p of s.pages)
      for (const q of p.sequences.filter((q) => q.mcid !== undefined)) {
        expect(q.tag).toBe(typeOf.get(`${p.ref}#${q.mcid}`));
        expect(q.texts).toBeGreaterThan(0);
      }
  });

  it("the ParentTree maps each page's MCIDs back to the element that owns them", () => {
    const owner = new Map(allElements(s.roots).flatMap((e) => e.mcids.map(([page, mcid]) => [`${page}#${mcid}`, e.ref] as const)));
    expect(s.pages.length).toBeGreaterThan(1);
    const keys = new Set<number>();
    for (const page of s.pages) {
      expect(page.structParents, page.ref).toBeTypeOf("number");
      keys.add(page.structParents!);
      const entry = s.parentTree.get(page.structParents!);
      const mcids = page.sequences.filter((q) => q.mcid !== undefined).map((q) => q.mcid!);
      expect(entry, page.ref).toBeDefined();
      expect(entry!.length).toBe(Math.max(...mcids) + 1);
      for (const mcid of mcids) expect(entry![mcid], `${page.ref} MCID ${mcid}`).toBe(owner.get(`${page.ref}#${mcid}`));
    }
    expect(keys.size).toBe(s.pages.length);
  });

  it("page numbers are Pagination artifacts (one per page, no MCID), and no text is drawn outside marked content", () => {
    for (const page of s.pages) {
      const artifacts = page.sequences.filter((q) => q.tag === "Artifact");
      expect(artifacts.map((a) => [a.artifactType, a.mcid, a.texts > 0])).toEqual([["Pagination", undefined, true]]);
      expect(page.unmarkedTexts, page.ref).toBe(0);
    }
  });

  it("marked, with a language; one PDF/A output intent with an embedded sRGB ICC profile", () => {
    expect(s.markInfo?.["/Marked"]).toBe(true);
    expect(s.catalog["/Lang"]).toBe("u:nb-NO");
    expect(s.outputIntents).toHaveLength(1);
    const [intent] = s.outputIntents;
    expect(intent!.subtype).toBe("/GTS_PDFA1");
    expect(intent!.condition).toMatch(/sRGB/);
    const icc = intent!.profile!;
    expect(icc.n).toBe(3);
    // ICC header (ICC.1): declared size = the bytes, 'acsp' signature, RGB data, PCS XYZ or Lab.
    expect(icc.bytes.readUInt32BE(0)).toBe(icc.bytes.length);
    expect(icc.bytes.toString("latin1", 36, 40)).toBe("acsp");
    expect(icc.bytes.toString("latin1", 16, 20)).toBe("RGB ");
    expect(["XYZ ", "Lab "]).toContain(icc.bytes.toString("latin1", 20, 24));
    expect(icc.bytes.toString("latin1", 12, 16)).toBe("mntr");
  });
});
