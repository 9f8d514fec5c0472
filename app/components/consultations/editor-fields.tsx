/** The form editor's shared inputs: a labelled field with its problems beside it, hidden fields, add buttons. */
import { createContext, useContext, type ReactNode } from "react";
import { formatPath } from "../../../consultation/schema";
import { FIELD_PREFIX, opIntent, type Draft } from "~/lib/consultations/editor";
import { templateProblemMessage } from "~/lib/consultations/problem-messages";
import { useLang } from "~/lib/i18n";

export type P = (string | number)[];
interface Ctx {
  draft: Draft;
  problems: Map<string, string[]>;
}
export const EditorContext = createContext<Ctx>({ draft: {}, problems: new Map() });

export const name = (path: P) => FIELD_PREFIX + path.join(".");
export const dom = (path: P) => "f-" + path.join("-");
export const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");

export function useProblems(path: P): string[] {
  const { draft, problems } = useContext(EditorContext);
  return problems.get(formatPath(path, draft)) ?? [];
}

export function FieldProblems({ id, messages }: { id: string; messages: string[] }) {
  const lang = useLang();
  if (!messages.length) return null;
  return (
    <p id={id} className="field-error" data-problem>
      {messages.map((m) => templateProblemMessage(m, lang)).join("; ")}
    </p>
  );
}

export function Field({
  path,
  label,
  value,
  type = "text",
  hint,
  area,
  numbers = "count",
}: {
  path: P;
  label: string;
  value: unknown;
  type?: "text" | "date" | "url" | "number";
  hint?: string;
  area?: boolean;
  /** For a number: "count" (a whole number from 1: limits, lengths) or "any" (0, negatives, decimals). */
  numbers?: "count" | "any";
}) {
  const messages = useProblems(path);
  const id = dom(path);
  const describedBy = [messages.length ? `${id}-problem` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ") || undefined;
  const props = { id, name: name(path), defaultValue: str(value), "aria-invalid": messages.length ? true : undefined, "aria-describedby": describedBy };
  return (
    <div className="editor-field">
      <label htmlFor={id}>{label}</label>
      {area ? <textarea rows={2} {...props} /> : <input type={type} {...(type === "number" ? (numbers === "count" ? { min: 1, step: 1 } : { step: "any" }) : {})} {...props} />}
      {hint ? (
        <span id={`${id}-hint`} className="muted editor-hint">
          {hint}
        </span>
      ) : null}
      <FieldProblems id={`${id}-problem`} messages={messages} />
    </div>
  );
}

export function Hidden({ path, value }: { path: P; value: unknown }) {
  return <input type="hidden" name={name(path)} value={str(value)} />;
}

export function AddButton({ path, kind, children }: { path: P; kind: string; children: ReactNode }) {
  return (
    <button type="submit" name="intent" value={opIntent("add", path.join("."), kind)} className="secondary">
      {children}
    </button>
  );
}

