/** The form editor's model: a posted form back into the template object, and add/remove/move. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { starterTemplate } from "../../consultation/starter";
import { formatPath, validateTemplate } from "../../consultation/schema";
import { applyEditorOp, draftFromForm, fieldAfterOp, focusAfter, getIn, keepJson, parseEditorOp, type Draft } from "../../app/lib/consultations/editor";
import { questionKind } from "../../app/lib/consultations/question-kinds";

/** The fields the editor would render for a draft: every leaf as `t.<path>`, objects' unseen fields in `_keep`. */
function formOf(value: unknown, path: (string | number)[] = []): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => formOf(v, [...path, i]));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => formOf(v, [...path, k]));
  if (typeof value === "boolean") return value ? [["t." + path.join("."), "true"]] : [["t." + path.slice(0, -1).join(".") + "._keep", JSON.stringify({ [String(path.at(-1))]: false })]];
  return [["t." + path.join("."), String(value)]];
}

const starter = parse(starterTemplate({ language: "nb", id: "ny", deadline: "2027-01-31" })) as Draft;

describe("draftFromForm", () => {
  it("reads back the starter template unchanged", () => {
    expect(draftFromForm(formOf(starter))).toEqual(starter);
    expect(validateTemplate(draftFromForm(formOf(starter))).ok).toBe(true);
  });
  it("reads back scale, multiple choice and number questions unchanged", () => {
    const kinds = parse(readFileSync(path.resolve(import.meta.dirname, "../fixtures/consultations/en-kinds.yaml"), "utf8")) as Draft;
    expect(draftFromForm(formOf(kinds))).toEqual(kinds);
    expect(validateTemplate(draftFromForm(formOf(kinds))).ok).toBe(true);
  });
  it("offers every question type the template format has", () => {
    for (const type of ["text", "email", "single_choice", "yes_no", "scale", "multiple_choice", "number"]) expect(questionKind(type), type).toBeDefined();
  });
  it("leaves out empty texts, so the schema names the required field by id", () => {
    const form = formOf(starter).map(([k, v]): [string, string] => [k, k === "t.chapters.1.title" ? "" : v]);
    const result = validateTemplate(draftFromForm(form));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path)).toContain(formatPath(["chapters", 1, "title"], starter));
  });
  it("keeps fields the editor does not show, and ignores unsafe names", () => {
    const draft = draftFromForm([
      ["t.title", "T"],
      ["t._keep", keepJson({ title: "x", note: "kept" }, ["title"])],
      ["t.__proto__.polluted", "yes"],
      ["t.chapters.0.priority.maxRanks", "2"],
      ["t.chapters.0.priority.justificationOff", "true"],
    ]);
    expect(draft).toEqual({ title: "T", note: "kept", chapters: [{ priority: { maxRanks: 2, justification: false } }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it("cuts a question to its type's fields when the type changes", () => {
    const draft = draftFromForm([
      ["t.general.0.type", "text"],
      ["t.general.0.id", "q"],
      ["t.general.0.text", "Why?"],
      ["t.general.0.feedback.askedOn", "no"],
    ]);
    expect(draft).toEqual({ general: [{ type: "text", id: "q", text: "Why?" }] });
    expect(draftFromForm([["t.general.0.type", "single_choice"], ["t.general.0.id", "q"]])).toEqual({
      general: [{ type: "single_choice", id: "q", text: "", options: [{ id: "option-1", label: "" }] }],
    });
  });
});

describe("applyEditorOp", () => {
  const op = (intent: string) => parseEditorOp(intent)!;
  it("adds a chapter, a measure, a priority question and a group with fresh ids", () => {
    let draft = applyEditorOp(starter, op("add:chapters:chapter"));
    const chapters = draft.chapters as Draft[];
    const added = chapters.at(-1)!;
    expect(added.id).toMatch(/^chapter-\d+$/);
    draft = applyEditorOp(draft, op(`add:chapters.${chapters.length - 1}.measures:measure`));
    draft = applyEditorOp(draft, op(`add:chapters.${chapters.length - 1}.priority:priority`));
    const chapter = (draft.chapters as Draft[]).at(-1)!;
    expect((chapter.measures as Draft[]).length).toBe(2);
    expect(chapter.priority).toEqual({ maxRanks: 3 });
    draft = applyEditorOp(draft, op("add:chapters:group"));
    const group = (draft.chapters as Draft[]).at(-1)!;
    expect(group.type).toBe("group");
    const ids = JSON.stringify(draft).match(/"id":"[^"]+"/g)!;
    expect(new Set(ids).size).toBe(ids.length);
  });
  it("moves and removes list entries; out-of-range moves change nothing", () => {
    const ids = (d: Draft) => (d.chapters as Draft[]).map((c) => c.id);
    const before = ids(starter);
    expect(ids(applyEditorOp(starter, op("down:chapters.0")))).toEqual([before[1], before[0], ...before.slice(2)]);
    expect(ids(applyEditorOp(starter, op("up:chapters.0")))).toEqual(before);
    expect(ids(applyEditorOp(starter, op("remove:chapters.0")))).toEqual(before.slice(1));
    expect((applyEditorOp(starter, op("remove:chapters.1.priority")).chapters as Draft[])[1]!.priority).toBeUndefined();
    expect(starter.chapters).toHaveLength(before.length);
  });
  it("fieldAfterOp follows every field of the starter through every move and removal the editor offers", () => {
    // Every op button the starter's form shows (up/down/remove of each list entry, removal of each priority).
    const fields = formOf(starter).filter(([field]) => !field.endsWith("._keep"));
    const intents = new Set<string>();
    for (const [field] of fields) {
      const path = field.slice(2).split(".");
      path.forEach((part, i) => {
        if (/^\d+$/.test(part)) for (const o of ["up", "down", "remove"]) intents.add(`${o}:${path.slice(0, i + 1).join(".")}`);
        if (part === "priority") intents.add(`remove:${path.slice(0, i + 1).join(".")}`);
      });
    }
    expect(intents.size).toBeGreaterThan(30);
    let followed = 0;
    let dropped = 0;
    for (const intent of intents) {
      const parsed = op(intent);
      const after = applyEditorOp(starter, parsed);
      for (const [field, value] of fields) {
        const moved = fieldAfterOp(field, parsed, after);
        const at = (name: string) => name.slice(2).split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
        if (moved === null) {
          // Only the removed entry's own fields are dropped.
          expect(parsed.op).toBe("remove");
          expect(field.startsWith(`t.${parsed.path.join(".")}.`)).toBe(true);
          dropped++;
          continue;
        }
        expect(String(getIn(after, at(moved))), `${intent}: ${field} -> ${moved}`).toBe(value);
        followed++;
      }
    }
    expect(dropped).toBeGreaterThan(0);
    expect(followed).toBeGreaterThan(dropped);
    // An add moves nothing; no op (save, refresh) keeps the field; a name outside the form is ignored.
    expect(fieldAfterOp("t.chapters.0.title", op("add:chapters:chapter"), starter)).toBe("t.chapters.0.title");
    expect(fieldAfterOp("t.title", null, starter)).toBe("t.title");
    expect(fieldAfterOp("version", null, starter)).toBeNull();
  });
  it("refuses unknown ops and kinds", () => {
    expect(parseEditorOp("add:chapters:bogus")).toBeNull();
    expect(parseEditorOp("explode:chapters.0")).toBeNull();
    expect(parseEditorOp("remove:__proto__")).toBeNull();
  });
  it("serialises to YAML that validates", () => {
    expect(validateTemplate(parse(stringify(starter))).ok).toBe(true);
  });
  it("says where the keyboard focus goes next", () => {
    const at = (intent: string) => {
      const o = op(intent);
      return focusAfter(applyEditorOp(starter, o), o);
    };
    const n = (starter.chapters as Draft[]).length;
    expect(at("add:chapters:chapter")).toEqual({ path: `chapters.${n}` });
    expect(at("add:chapters.1.priority:priority")).toEqual({ path: "chapters.1.priority" });
    expect(at("down:chapters.0")).toEqual({ path: "chapters.1", button: "down:chapters.1" });
    expect(at("remove:chapters.1")).toEqual({ path: "chapters.0" });
  });
});
