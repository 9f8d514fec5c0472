/** Page titles in the visitor's language (meta functions cannot use hooks; the root loader has the language). */
import { isLang, translator, type MessageKey } from "~/lib/i18n";

/** `<key or text> – <app name>`; a plain `{ text }` is used as given (e.g. a consultation title). */
export function pageTitle(
  matches: readonly { id: string; data?: unknown }[],
  title: MessageKey | { text: string },
  params?: Record<string, string | number>,
): { title: string }[] {
  const lang = (matches.find((m) => m.id === "root")?.data as { lang?: unknown } | undefined)?.lang;
  const t = translator(isLang(lang) ? lang : "nb");
  const head = typeof title === "string" ? t(title, params) : title.text;
  return [{ title: head ? `${head} – ${t("app.name")}` : t("app.name") }];
}
