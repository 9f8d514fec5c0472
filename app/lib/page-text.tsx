/**
 * Texts a document sends once (decision 76). An editor's stored text answer is in its <textarea>
 * already, so the loader data of a document (a GET that is not a `.data` request) leaves its value
 * out and marks it `inPage`; the page reads it back: on the server from the request's context
 * (`pageTexts`, filled by the loader), in the browser from each textarea's default value, read once
 * before hydration. Data requests (navigations, revalidations, fetchers) carry every value.
 */
import { createContext, useContext, useMemo } from "react";
import type { AnswerValue } from "../../consultation/answers";
import type { FormItem } from "../../consultation/form";
import { fieldName } from "./section-form/fields";

/** A textarea's text by its field name. */
export type PageTexts = Map<string, string>;

const PageTextContext = createContext<PageTexts | undefined>(undefined);
export const PageTextProvider = PageTextContext.Provider;

/** Answer types that render as a <textarea> (app/components/drafting/inputs.tsx, TextInput). */
export function rendersTextarea(item: Pick<FormItem, "answerType" | "short">): boolean {
  return !item.short && !["yes_no", "choice", "ranking", "scale", "multiple_choice", "number", "email"].includes(item.answerType);
}

/**
 * Whether a stored value can travel in the markup alone: text the HTML parser gives back exactly
 * (it turns CR LF into LF and NUL into U+FFFD, so such values stay in the data).
 */
export function sendsInMarkup(value: AnswerValue): value is string {
  return typeof value === "string" && value !== "" && !/[\r\0]/.test(value);
}

/** In the browser, before hydration: the server-rendered text of every named textarea. */
export function readPageTexts(doc: Document): PageTexts {
  const texts: PageTexts = new Map();
  doc.querySelectorAll("textarea[name]").forEach((el) => texts.set((el as HTMLTextAreaElement).name, (el as HTMLTextAreaElement).defaultValue));
  return texts;
}

type Stored = { value?: AnswerValue; inPage?: true };

/** The loader's stored answers with the values the document sent in its markup put back. */
export function useStoredAnswers<T extends Stored>(stored: Record<string, T>): Record<string, T & { value: AnswerValue }> {
  const texts = useContext(PageTextContext);
  return useMemo(() => {
    const out: Record<string, T & { value: AnswerValue }> = {};
    for (const [key, answer] of Object.entries(stored))
      out[key] = answer.inPage ? { ...answer, value: texts?.get(fieldName(key)) ?? "" } : (answer as T & { value: AnswerValue });
    return out;
  }, [stored, texts]);
}
