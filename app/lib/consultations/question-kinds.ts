/**
 * The question types the form editor offers, one entry each: a new question type is one entry here
 * (how a new question of the type starts, which template fields it has) plus one component in
 * `app/components/consultations/question-fields.tsx` (its type-specific inputs; the type checks
 * that every kind has one). Pure: used by the server (building a draft from a post) and the browser.
 */
import type { MessageKey } from "~/lib/i18n";

export interface QuestionKind {
  type: string;
  /** The type's name in the editor's type list. */
  label: MessageKey;
  /** A new question of this type (texts left empty: the editor then asks for them). */
  create: (id: string) => Record<string, unknown>;
  /** The template fields a question of this type has; others are dropped when the type changes. */
  keys: readonly string[];
}

export const QUESTION_KINDS = [
  { type: "text", label: "editor.type.text", create: (id) => ({ type: "text", id, text: "" }), keys: ["type", "id", "text", "maxLength", "short"] },
  { type: "email", label: "editor.type.email", create: (id) => ({ type: "email", id, text: "" }), keys: ["type", "id", "text"] },
  {
    type: "single_choice",
    label: "editor.type.single_choice",
    create: (id) => ({ type: "single_choice", id, text: "", options: [{ id: "option-1", label: "" }] }),
    keys: ["type", "id", "text", "options"],
  },
  { type: "yes_no", label: "editor.type.yes_no", create: (id) => ({ type: "yes_no", id, text: "" }), keys: ["type", "id", "text", "feedback"] },
  {
    type: "scale",
    label: "editor.type.scale",
    create: (id) => ({ type: "scale", id, text: "", options: [{ id: "option-1", label: "" }, { id: "option-2", label: "" }] }),
    keys: ["type", "id", "text", "options"],
  },
  {
    type: "multiple_choice",
    label: "editor.type.multiple_choice",
    create: (id) => ({ type: "multiple_choice", id, text: "", options: [{ id: "option-1", label: "" }] }),
    keys: ["type", "id", "text", "options", "maxChoices"],
  },
  { type: "number", label: "editor.type.number", create: (id) => ({ type: "number", id, text: "" }), keys: ["type", "id", "text", "min", "max", "integer", "unit"] },
] as const satisfies readonly QuestionKind[];

export type QuestionKindType = (typeof QUESTION_KINDS)[number]["type"];

export function questionKind(type: unknown): QuestionKind | undefined {
  return (QUESTION_KINDS as readonly QuestionKind[]).find((k) => k.type === type);
}
