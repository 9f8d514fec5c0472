/**
 * The form editor's model (pure; server and browser). The editor is one plain HTML form whose
 * fields are named by their place in the template, prefixed `t.` (`t.title`,
 * `t.chapters.1.measures.0.text`); `draftFromForm` turns a post back into the template object,
 * which is then validated by the template schema itself (`parseTemplateText` after YAML
 * serialisation), so the editor has no rules of its own. Fields the editor does not show (a
 * measure's `priorityLabel`, the template's `note`, …) travel in a hidden `_keep` JSON field per
 * object, so nothing is lost. Add, remove and move are `intent` values (`add:<path>:<kind>`,
 * `remove:<path>`, `up:<path>`, `down:<path>`), applied by `applyEditorOp` to the posted draft.
 */
import { questionKind, QUESTION_KINDS } from "./question-kinds";

export type Draft = Record<string, unknown>;
type Obj = Record<string, unknown>;

export const FIELD_PREFIX = "t.";
const NUMBER_FIELDS = new Set(["maxRanks", "maxLength", "feedbackMaxLength", "maxChoices", "min", "max"]);
const BOOLEAN_FIELDS = new Set(["short", "assumed", "integer", "support", "feedback"]);
const UNSAFE = new Set(["__proto__", "constructor", "prototype"]);
const MAX_INDEX = 5000;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

function parsePath(path: string): (string | number)[] | null {
  const parts = path.split(".");
  const out: (string | number)[] = [];
  for (const part of parts) {
    if (part === "" || UNSAFE.has(part)) return null;
    if (/^\d+$/.test(part)) {
      const n = Number(part);
      if (n > MAX_INDEX) return null;
      out.push(n);
    } else out.push(part);
  }
  return out;
}

function setIn(root: Obj, path: (string | number)[], value: unknown) {
  let node: Obj | unknown[] = root;
  path.forEach((part, i) => {
    const last = i === path.length - 1;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[part] = value;
      return;
    }
    const nextIsIndex = typeof path[i + 1] === "number";
    let next = container[part];
    if (nextIsIndex ? !Array.isArray(next) : !isObj(next)) container[part] = next = nextIsIndex ? [] : {};
    node = next as Obj | unknown[];
  });
}

export function getIn(root: unknown, path: readonly (string | number)[]): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

/** Sparse arrays (an index with no fields) closed up; `_keep` merged; questions cut to their type's fields. */
function tidy(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map((v) => tidy(v));
  if (!isObj(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) if (k !== "_keep" && k !== "justificationOff") out[k] = tidy(v, k);
  if (typeof value._keep === "string") {
    try {
      const kept: unknown = JSON.parse(value._keep);
      if (isObj(kept)) for (const [k, v] of Object.entries(kept)) if (!(k in out) && !UNSAFE.has(k)) out[k] = v;
    } catch {
      /* a broken _keep is ignored: only the visible fields count */
    }
  }
  if (key === "priority" && value.justificationOff === "true") out.justification = false;
  const kind = questionKind(out.type);
  if (kind && typeof out.id === "string") {
    const picked: Obj = kind.create(out.id);
    for (const k of kind.keys) if (k in out) picked[k] = out[k];
    return picked;
  }
  return out;
}

/**
 * The template object a posted editor form describes. Empty texts are left out (the schema then
 * says "required" where one is), numbers are numbers, checkboxes booleans.
 */
export function draftFromForm(form: Iterable<[string, FormDataEntryValue]>): Draft {
  const root: Obj = {};
  for (const [name, raw] of form) {
    if (!name.startsWith(FIELD_PREFIX) || typeof raw !== "string") continue;
    const path = parsePath(name.slice(FIELD_PREFIX.length));
    if (!path?.length) continue;
    const field = String(path[path.length - 1]);
    if (raw === "" && field !== "_keep") continue;
    let value: unknown = raw;
    // 0, negatives and decimals ("0,5" or "0.5"); the schema says where a whole or positive number is needed.
    if (NUMBER_FIELDS.has(field) && /^-?\d{1,15}(?:[.,]\d{1,9})?$/.test(raw.trim())) value = Number(raw.trim().replace(",", "."));
    else if (BOOLEAN_FIELDS.has(field)) value = raw === "true";
    setIn(root, path, value);
  }
  return tidy(root) as Draft;
}

/** The hidden `_keep` value: the object's fields the editor does not show. */
export function keepJson(value: unknown, shown: readonly string[]): string {
  if (!isObj(value)) return "";
  const rest = Object.fromEntries(Object.entries(value).filter(([k]) => !shown.includes(k)));
  return Object.keys(rest).length ? JSON.stringify(rest) : "";
}

// ── Add, remove, move ─────────────────────────────────────────────────────────────────────────

function allIds(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => allIds(v, into));
  else if (isObj(value)) {
    if (typeof value.id === "string") into.add(value.id);
    Object.values(value).forEach((v) => allIds(v, into));
  }
  return into;
}

function freshId(draft: Draft, prefix: string, list?: unknown[]): string {
  const used = list ? new Set(list.map((v) => (isObj(v) ? String(v.id) : ""))) : allIds(draft);
  for (let n = (list?.length ?? 0) + 1; ; n++) if (!used.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

/** What `add:<path>:<kind>` puts at `path` (a list gets it appended; otherwise it is set). */
function created(draft: Draft, kind: string, list: unknown[] | undefined): unknown {
  if (kind === "chapter") {
    const id = freshId(draft, "chapter");
    return { id, title: "", measures: [{ id: freshId(draft, `${id}-measure`), text: "" }], questions: [] };
  }
  if (kind === "group") {
    const id = freshId(draft, "group");
    return { type: "group", id, questions: [{ type: "yes_no", id: freshId(draft, `${id}-question`), text: "" }] };
  }
  if (kind === "measure") return { id: freshId(draft, "measure"), text: "" };
  if (kind === "option") return { id: freshId(draft, "option", list), label: "" };
  if (kind === "priority") return { maxRanks: 3 };
  if (kind === "feedback") return { text: "", askedOn: "no" };
  const question = kind.startsWith("question-") ? questionKind(kind.slice("question-".length)) : undefined;
  if (question) return question.create(freshId(draft, "question"));
  return undefined;
}

/** Kinds added as an entry of a list (a priority question or a feedback is one object instead). */
const ENTRY_KINDS_IN_LISTS = new Set(["chapter", "group", "measure", "option"]);

export type EditorOp =
  | { op: "add"; path: (string | number)[]; kind: string }
  | { op: "remove" | "up" | "down"; path: (string | number)[] };

export const EDITOR_KINDS = ["chapter", "group", "measure", "option", "priority", "feedback", ...QUESTION_KINDS.map((k) => `question-${k.type}`)];

/** Reads an `intent` value; null for anything else. */
export function parseEditorOp(intent: string): EditorOp | null {
  const [op, rawPath, kind] = intent.split(":");
  const path = rawPath ? parsePath(rawPath) : null;
  if (!path) return null;
  if (op === "add" && kind && EDITOR_KINDS.includes(kind)) return { op, path, kind };
  if ((op === "remove" || op === "up" || op === "down") && kind === undefined && path.length) return { op, path };
  return null;
}

export function opIntent(op: "add", path: string, kind: string): string;
export function opIntent(op: "remove" | "up" | "down", path: string): string;
export function opIntent(op: string, path: string, kind?: string): string {
  return kind ? `${op}:${path}:${kind}` : `${op}:${path}`;
}

/** The draft with the change applied (a copy); unchanged when the path does not fit. */
export function applyEditorOp(draft: Draft, op: EditorOp): Draft {
  const copy = structuredClone(draft) as Draft;
  const parentPath = op.path.slice(0, -1);
  const last = op.path[op.path.length - 1]!;
  if (op.op === "add") {
    const target = getIn(copy, op.path);
    const list = Array.isArray(target) ? target : undefined;
    const value = created(copy, op.kind, list);
    if (value === undefined) return copy;
    // An empty list is not posted (no fields): adding to it creates the list, never an object.
    const entry = ENTRY_KINDS_IN_LISTS.has(op.kind) || op.kind.startsWith("question-") ? [value] : value;
    if (list) list.push(value);
    else if (target === undefined && isObj(getIn(copy, parentPath))) setIn(copy, op.path, entry);
    else if (target === undefined && op.path.length === 1) copy[String(last)] = entry;
    return copy;
  }
  const parent = parentPath.length ? getIn(copy, parentPath) : copy;
  if (Array.isArray(parent) && typeof last === "number" && last < parent.length) {
    if (op.op === "remove") parent.splice(last, 1);
    else {
      const to = op.op === "up" ? last - 1 : last + 1;
      if (to >= 0 && to < parent.length) [parent[last], parent[to]] = [parent[to], parent[last]];
    }
  } else if (op.op === "remove" && isObj(parent) && typeof last === "string") delete parent[last];
  return copy;
}

/**
 * Where a field typed into while an op was on its way sits after the op: the server's answer rebuilds
 * the form from what was posted, so the page puts later typing back (template-editor.tsx). A moved
 * entry's fields move with it, a removed entry's are gone (null), an add moves nothing. No op (a
 * save, a refresh, a rejected post): the same field. `after` is the draft the server answered with
 * (a move past either end of its list changed nothing).
 */
export function fieldAfterOp(field: string, op: EditorOp | null, after: Draft): string | null {
  const path = field.startsWith(FIELD_PREFIX) ? parsePath(field.slice(FIELD_PREFIX.length)) : null;
  if (!path) return null;
  if (!op || op.op === "add") return field;
  const depth = op.path.length - 1;
  if (path.length <= depth || op.path.slice(0, depth).some((part, i) => part !== path[i])) return field;
  const at = op.path[depth];
  const mine = path[depth];
  if (mine === at && op.op === "remove") return null;
  if (typeof at !== "number" || typeof mine !== "number") return field;
  const to = op.op === "up" ? at - 1 : at + 1;
  const list = getIn(after, op.path.slice(0, depth));
  if (op.op !== "remove" && !(Array.isArray(list) && to >= 0 && to < list.length)) return field;
  const moved = op.op === "remove" ? (mine > at ? mine - 1 : mine) : mine === at ? to : mine === to ? at : mine;
  return FIELD_PREFIX + [...path.slice(0, depth), moved, ...path.slice(depth + 1)].join(".");
}

/**
 * Where the keyboard focus goes after an op (JavaScript only): the new entry, the moved entry's
 * same button (so pressing it again moves further), or after a removal the entry before it.
 */
export function focusAfter(draft: Draft, op: EditorOp): { path: string; button?: string } {
  const at = op.path.join(".");
  const parent = op.path.slice(0, -1);
  const last = op.path[op.path.length - 1];
  if (op.op === "add") {
    const target = getIn(draft, op.path);
    return Array.isArray(target) ? { path: `${at}.${target.length - 1}` } : { path: at };
  }
  if (typeof last !== "number") return { path: parent.join(".") };
  if (op.op === "remove") return { path: last > 0 ? [...parent, last - 1].join(".") : parent.slice(0, -1).join(".") };
  const list = getIn(draft, parent);
  const to = op.op === "up" ? Math.max(0, last - 1) : Math.min(Array.isArray(list) ? list.length - 1 : last, last + 1);
  const moved = [...parent, to].join(".");
  return { path: moved, button: `${op.op}:${moved}` };
}
