/** Page titles in the visitor's language (meta functions cannot use hooks; the root loader has the language). */
import { isLang, translator, type MessageKey } from "~/lib/i18n";

export function pageTitle(matches: readonly { id: string; data?: unknown }[], key: MessageKey): { title: string }[] {
  const lang = (matches.find((m) => m.id === "root")?.data as { lang?: unknown } | undefined)?.lang;
  const t = translator(isLang(lang) ? lang : "nb");
  return [{ title: `${t(key)} – ${t("app.name")}` }];
}
