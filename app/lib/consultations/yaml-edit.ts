/**
 * Saving from the form editor without losing what the person wrote around the values: the stored
 * template text is parsed as a YAML document (`parseDocument`) and the editor's object is applied
 * to it node by node, so comments, key order, quoting and flow style (`{ id: a, label: A }`) stay
 * where nothing changed (a comment beside a value is kept, re-aligned one space after it). Map keys missing from the object are deleted (with their comments); list
 * entries are matched by `id` (so a moved chapter takes its comments along), entries without an id
 * by position; a changed scalar keeps its comment; new values are written in the document's style.
 * Pure (the yaml package only).
 */
import { isMap, isNode, isScalar, isSeq, parseDocument, stringify, type Document, type Node } from "yaml";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const keyOf = (key: unknown): unknown => (isScalar(key) ? key.value : key);
const idOf = (node: unknown): string | undefined => {
  if (!isMap(node)) return undefined;
  const id = node.get("id");
  return typeof id === "string" ? id : undefined;
};

/** Replaces `node` by a new one for `value`, keeping the comments that were on it. */
function fresh(doc: Document, node: unknown, value: unknown): Node {
  const made = doc.createNode(value) as Node;
  if (isNode(node)) {
    if (node.commentBefore) made.commentBefore = node.commentBefore;
    if (node.comment) made.comment = node.comment;
  }
  return made;
}

function update(doc: Document, node: unknown, value: unknown): Node {
  if (isObj(value) && isMap(node)) {
    for (const pair of [...node.items]) {
      const key = keyOf(pair.key);
      if (typeof key !== "string" || !Object.hasOwn(value, key) || value[key] === undefined) node.delete(pair.key);
    }
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const existing = node.get(key, true);
      node.set(key, existing === undefined ? doc.createNode(v) : update(doc, existing, v));
    }
    return node;
  }
  if (Array.isArray(value) && isSeq(node)) {
    const byId = new Map<string, unknown>();
    for (const item of node.items) {
      const id = idOf(item);
      if (id !== undefined && !byId.has(id)) byId.set(id, item);
    }
    const used = new Set<unknown>();
    node.items = value.map((v, i) => {
      const id = isObj(v) && typeof v.id === "string" ? v.id : undefined;
      const old = id !== undefined ? byId.get(id) : idOf(node.items[i]) === undefined ? node.items[i] : undefined;
      if (old === undefined || used.has(old)) return doc.createNode(v);
      used.add(old);
      return update(doc, old, v);
    });
    return node;
  }
  if (isScalar(node) && !isObj(value) && !Array.isArray(value)) {
    if (node.value !== value) {
      node.value = value;
      // A number typed as text, or text that no longer fits plain style: let the writer choose.
      if (node.type !== "PLAIN") node.type = undefined;
    }
    return node;
  }
  // A change of kind (text → list, …) or an alias: a new node, the comments kept.
  return fresh(doc, node, value);
}

/**
 * The template text after an edit: `value` (the editor's object) applied to `original` (the stored
 * text) so its comments and layout survive; without a usable original, `value` written as YAML.
 */
export function editedTemplateText(original: string | null | undefined, value: Obj): string {
  if (original) {
    const doc = parseDocument(original);
    if (!doc.errors.length && isMap(doc.contents)) {
      // Nothing changed: the text as written, byte for byte (the writer would re-align comments).
      if (JSON.stringify(doc.toJS()) === JSON.stringify(value)) return original;
      doc.contents = update(doc, doc.contents, value) as typeof doc.contents;
      return doc.toString({ lineWidth: 0 });
    }
  }
  return stringify(value, { lineWidth: 0 });
}
