/**
 * Markdown writer: the document model as mdast, serialised by remark-stringify
 * (mdast-util-to-markdown), which escapes whatever user text would otherwise turn into syntax.
 * Layout: "# title", one "Label: value" paragraph per title field, "## Svar:", then a nested
 * "-" list with up to three levels. Line breaks inside a paragraph become hard breaks.
 */
import type { BlockContent, Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent } from "mdast";
import remarkStringify from "remark-stringify";
import { unified } from "unified";
import type { ExportDocument, OutlineNode } from "./model";

const stringifier = unified().use(remarkStringify, { bullet: "-", listItemIndent: "one", rule: "-" }).freeze();

function phrasing(text: string): PhrasingContent[] {
  const content: PhrasingContent[] = [];
  text.split("\n").forEach((line, i) => {
    if (i > 0) content.push({ type: "break" });
    if (line !== "") content.push({ type: "text", value: line });
  });
  return content;
}

function paragraph(text: string): Paragraph {
  return { type: "paragraph", children: phrasing(text) };
}

function heading(depth: 1 | 2, text: string): Heading {
  return { type: "heading", depth, children: phrasing(text) };
}

function list(nodes: OutlineNode[]): List {
  return { type: "list", ordered: false, spread: false, children: nodes.map(listItem) };
}

function listItem(node: OutlineNode): ListItem {
  const children: BlockContent[] = node.paragraphs.map(paragraph);
  if (node.children.length) children.push(list(node.children));
  return { type: "listItem", spread: false, children };
}

/** The cover letter on top: "# Følgebrev", its five "Label: value" lines, its text, then a rule. */
function coverBlocks(doc: ExportDocument): RootContent[] {
  const cover = doc.coverLetter;
  if (!cover) return [];
  return [
    heading(1, cover.heading),
    ...cover.fields.map((f) => paragraph(`${f.label}: ${f.value}`)),
    ...cover.paragraphs.map(paragraph),
    { type: "thematicBreak" },
  ];
}

export function toMdast(doc: ExportDocument): Root {
  return {
    type: "root",
    children: [
      ...coverBlocks(doc),
      heading(1, doc.titleBlock.title),
      ...doc.titleBlock.fields.map((f) => paragraph(`${f.label}: ${f.value}`)),
      heading(2, doc.answersHeading),
      list(doc.items),
    ],
  };
}

export function toMarkdown(doc: ExportDocument): string {
  return stringifier.stringify(toMdast(doc));
}
