/** Tiny i18n: one dictionary per language, `{name}` placeholders. Shared by server and client. */
import { useRouteLoaderData } from "@remix-run/react";
import { en } from "./en";
import { nb, type MessageKey } from "./nb";

export type Lang = "nb" | "en";
export type { MessageKey };
export const LANGS: Lang[] = ["nb", "en"];
const dictionaries: Record<Lang, Record<MessageKey, string>> = { nb, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const dict = dictionaries[lang];
  return (key, params) =>
    dict[key].replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}

export function isLang(value: unknown): value is Lang {
  return value === "nb" || value === "en";
}

/** The current language, from the root loader. */
export function useLang(): Lang {
  const data = useRouteLoaderData<{ lang: Lang }>("root");
  return data?.lang ?? "nb";
}

export function useT(): Translate {
  return translator(useLang());
}
