/**
 * Reads a PDF's logical structure back with qpdf (`qpdf --json`, content streams decoded),
 * independently of our writer: the structure tree (types, parents, marked-content ids and their
 * pages), the ParentTree, each page's marked-content sequences (BDC/BMC … EMC) and whether any
 * text is drawn outside them, and the output intents with their ICC profiles.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
type Dict = { [key: string]: Value };
interface QpdfObject {
  value?: Value;
  stream?: { dict: Dict; data?: string };
}

export interface StructElement {
  ref: string;
  type: string;
  /** The /P entry: the parent's reference ("" for the tree root's children: the root is not an element). */
  parent: string;
  page?: string;
  kids: StructElement[];
  /** Marked content owned directly: [page ref, MCID]. */
  mcids: [string, number][];
}

export interface MarkedSequence {
  tag: string;
  mcid?: number;
  /** /Type of an artifact's property list (Pagination, Layout, …). */
  artifactType?: string;
  /** Text objects (BT … ET) inside, directly or nested. */
  texts: number;
}

export interface PdfPage {
  ref: string;
  structParents?: number;
  sequences: MarkedSequence[];
  /** Text objects drawn outside any marked-content sequence. */
  unmarkedTexts: number;
}

export interface PdfStructure {
  catalog: Dict;
  roots: StructElement[];
  /** ParentTree: StructParents key → element reference per MCID. */
  parentTree: Map<number, (string | null)[]>;
  pages: PdfPage[];
  outputIntents: { subtype: string; condition: string; profile: { n: number; bytes: Buffer } | undefined }[];
  markInfo: Dict | undefined;
}

function qpdfJson(pdf: Buffer): Record<string, QpdfObject> {
  const dir = mkdtempSync(path.join(tmpdir(), "hs-qpdf-"));
  try {
    const file = path.join(dir, "doc.pdf");
    writeFileSync(file, pdf);
    const out = execFileSync("qpdf", ["--json=2", "--json-key=qpdf", "--json-stream-data=inline", "--decode-level=generalized", file], {
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    const json = JSON.parse(out) as { qpdf: [unknown, Record<string, QpdfObject>] };
    return json.qpdf[1];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const isRef = (v: Value | undefined): v is string => typeof v === "string" && /^\d+ \d+ R$/.test(v);

export function readPdfStructure(pdf: Buffer): PdfStructure {
  const objects = qpdfJson(pdf);
  const object = (ref: string): QpdfObject => {
    const o = objects[`obj:${ref}`];
    if (!o) throw new Error(`object ${ref} is missing`);
    return o;
  };
  const resolve = (v: Value | undefined): Value | undefined => (isRef(v) ? (object(v).value ?? (object(v).stream?.dict as Value)) : v);
  const dict = (v: Value | undefined): Dict => {
    const r = resolve(v);
    if (!r || typeof r !== "object" || Array.isArray(r)) throw new Error(`not a dictionary: ${JSON.stringify(v)}`);
    return r;
  };
  const list = (v: Value | undefined): Value[] => {
    const r = resolve(v);
    return r === undefined ? [] : Array.isArray(r) ? r : [r];
  };
  const streamBytes = (ref: string): Buffer => Buffer.from(object(ref).stream?.data ?? "", "base64");

  const trailer = objects.trailer?.value as Dict;
  const catalog = dict(trailer["/Root"]);

  // Structure tree.
  const elements: StructElement[] = [];
  const readElement = (ref: string): StructElement => {
    const d = dict(ref);
    const element: StructElement = {
      ref,
      type: String(d["/S"]).replace(/^\//, ""),
      parent: String(d["/P"] ?? ""),
      page: isRef(d["/Pg"]) ? d["/Pg"] : undefined,
      kids: [],
      mcids: [],
    };
    elements.push(element);
    for (const kid of list(d["/K"])) {
      if (typeof kid === "number") {
        if (!element.page) throw new Error(`element ${ref} has an MCID but no /Pg`);
        element.mcids.push([element.page, kid]);
      } else if (isRef(kid) && dict(kid)["/S"] !== undefined) element.kids.push(readElement(kid));
      else {
        const mcr = dict(kid);
        if (mcr["/Type"] === "/MCR") element.mcids.push([String(mcr["/Pg"] ?? element.page), Number(mcr["/MCID"])]);
        else throw new Error(`element ${ref}: unexpected kid ${JSON.stringify(kid)}`);
      }
    }
    return element;
  };
  const treeRoot = catalog["/StructTreeRoot"] ? dict(catalog["/StructTreeRoot"]) : undefined;
  const roots = treeRoot ? list(treeRoot["/K"]).map((k) => readElement(String(k))) : [];

  // ParentTree (a number tree: /Nums pairs, possibly under /Kids).
  const parentTree = new Map<number, (string | null)[]>();
  const readNumberTree = (node: Dict) => {
    const nums = list(node["/Nums"]);
    for (let i = 0; i + 1 < nums.length; i += 2) {
      const entry = nums[i + 1];
      const value = isRef(entry) && dict(entry)["/S"] !== undefined ? [entry] : list(entry);
      parentTree.set(Number(nums[i]), value.map((v) => (isRef(v) ? v : null)));
    }
    for (const kid of list(node["/Kids"])) readNumberTree(dict(kid));
  };
  if (treeRoot?.["/ParentTree"]) readNumberTree(dict(treeRoot["/ParentTree"]));

  // Pages, in order, with their content streams' marked content.
  const pages: PdfPage[] = [];
  const walkPages = (ref: string) => {
    const d = dict(ref);
    if (d["/Type"] === "/Pages") for (const kid of list(d["/Kids"])) walkPages(String(kid));
    else {
      const contents = d["/Contents"];
      const streams = isRef(contents) && object(contents).stream ? [contents] : list(contents);
      const content = streams.map((c) => streamBytes(String(c)).toString("latin1")).join("\n");
      pages.push({ ref, structParents: typeof d["/StructParents"] === "number" ? d["/StructParents"] : undefined, ...markedContent(content) });
    }
  };
  walkPages(String(catalog["/Pages"]));

  const outputIntents = list(catalog["/OutputIntents"]).map((v) => {
    const intent = dict(v);
    const profileRef = intent["/DestOutputProfile"];
    return {
      subtype: String(intent["/S"]),
      condition: String(intent["/OutputConditionIdentifier"] ?? ""),
      profile: isRef(profileRef) ? { n: Number(object(profileRef).stream?.dict["/N"]), bytes: streamBytes(profileRef) } : undefined,
    };
  });
  return { catalog, roots, parentTree, pages, outputIntents, markInfo: catalog["/MarkInfo"] ? dict(catalog["/MarkInfo"]) : undefined };
}

/** Content-stream tokens: strings and inline dictionaries are kept whole enough to skip safely. */
const TOKEN = /<<|>>|\[|\]|\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|\/[^\s/<>[\]()]+|[+-]?\d*\.?\d+|[A-Za-z'"*][A-Za-z0-9'"*]*/g;

function markedContent(content: string): { sequences: MarkedSequence[]; unmarkedTexts: number } {
  const sequences: MarkedSequence[] = [];
  const open: MarkedSequence[] = [];
  let unmarkedTexts = 0;
  let operands: string[] = [];
  for (const [token] of content.matchAll(TOKEN)) {
    if (/^[A-Za-z'"*]/.test(token) && token !== "true" && token !== "false" && token !== "null") {
      if (token === "BDC" || token === "BMC") {
        const tag = (token === "BMC" ? operands[operands.length - 1] : operands.find((o) => o.startsWith("/")))!.slice(1);
        const mcid = operands.indexOf("/MCID");
        const type = operands.indexOf("/Type");
        const sequence: MarkedSequence = {
          tag,
          mcid: mcid >= 0 ? Number(operands[mcid + 1]) : undefined,
          artifactType: type >= 0 ? operands[type + 1]!.slice(1) : undefined,
          texts: 0,
        };
        sequences.push(sequence);
        open.push(sequence);
      } else if (token === "EMC") {
        if (!open.pop()) throw new Error("EMC without a marked-content sequence");
      } else if (token === "BT") {
        if (open.length === 0) unmarkedTexts += 1;
        for (const sequence of open) sequence.texts += 1;
      }
      operands = [];
    } else operands.push(token);
  }
  if (open.length) throw new Error(`${open.length} marked-content sequences are not closed`);
  return { sequences, unmarkedTexts };
}

/** Every element of the tree, depth first. */
export function allElements(roots: StructElement[]): StructElement[] {
  return roots.flatMap((e) => [e, ...allElements(e.kids)]);
}

/** The tree as nested type names, e.g. "Document(H1,P,L(LI(Lbl,LBody(P))))". */
export function shape(element: StructElement): string {
  return element.kids.length ? `${element.type}(${element.kids.map(shape).join(",")})` : element.type;
}
