/** Tiny i18n: one dictionary per language, `{name}` placeholders. Shared by server and client. */
import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { en } from "./en";
import { nb, type MessageKey } from "./nb";
import { nbPages } from "./nb-pages";
import { nbVoice } from "./nb-voice";
import { nbDiscussion } from "./nb-discussion";
import { nbWork } from "./nb-work";
import { nbReferences } from "./nb-references";
import { nbLive } from "./nb-live";
import { nbRules } from "./nb-rules";
import { nbConflict } from "./nb-conflict";

export type Lang = "nb" | "en";
export type { MessageKey };
export const LANGS: Lang[] = ["nb", "en"];
type Dictionary = Record<MessageKey, string>;

/**
 * In the browser build only Norwegian (the default) is in the bundle; English is its own chunk,
 * fetched by `loadLanguage` (entry.client.tsx awaits it before hydrating an English page). On the
 * server, in tests and CLIs both are always here. (Vite replaces `import.meta.env.SSR` with a
 * constant, so the browser build drops the static `en` import.)
 */
const browserBuild = import.meta.env?.SSR === false;
// In the browser Norwegian starts with the strings every page may need; the rest (nb-pages.ts)
// arrives with loadPageStrings before a page that uses them renders.
const dictionaries: Partial<Record<Lang, Dictionary>> = browserBuild
  ? { nb: nb as Dictionary }
  : { nb: { ...nb, ...nbPages, ...nbVoice, ...nbDiscussion, ...nbWork, ...nbReferences, ...nbLive, ...nbRules, ...nbConflict }, en };
let pageStringsLoaded = !browserBuild;

/** Makes `lang`'s dictionary available (a no-op where it already is). */
export async function loadLanguage(lang: Lang): Promise<void> {
  if (!dictionaries[lang]) dictionaries[lang] = (await import("./en")).en;
}

/**
 * Pages that use only the strings in nb.ts: a response's chapter pages and a question's comments,
 * where people spend their time (the chapter page's JS budget). Every other page needs nb-pages.ts as well.
 */
const CORE_PAGE = /^\/o\/[^/]+\/r\/[^/]+\/(c|q)\/[^/]+\/?$/;
export const needsPageStrings = (pathname: string) => !CORE_PAGE.test(pathname);

/** Loads the Norwegian strings of the other pages (a no-op on the server and once loaded). */
export async function loadPageStrings(): Promise<void> {
  if (pageStringsLoaded) return;
  // The answer rules' messages too: forms on other pages show them (form-field.tsx, import problems).
  const [{ nbPages }, { nbVoice }, { nbRules }] = await Promise.all([import("./nb-pages"), import("./nb-voice"), import("./nb-rules")]);
  dictionaries.nb = { ...dictionaries.nb, ...nbPages, ...nbVoice, ...nbRules } as Dictionary;
  pageStringsLoaded = true;
}

/** Adds a lazily loaded chunk's own Norwegian strings (nb-discussion.ts, nb-work.ts, nb-references.ts, nb-rules.ts, nb-conflict.ts); a no-op on the server. */
export function addNorwegianStrings(strings: Record<string, string>): void {
  if (browserBuild) dictionaries.nb = { ...dictionaries.nb, ...strings } as Dictionary;
}

/** For the routes that use nb-pages.ts: their strings are there before a client-side navigation renders. */
export async function pageStringsClientLoader<T>({ serverLoader }: { serverLoader: () => Promise<T> }): Promise<T> {
  const [data] = await Promise.all([serverLoader(), loadPageStrings()]);
  return data;
}

/** Whether a string is one of our message keys (form errors carry keys or plain text). */
export function isMessageKey(value: string): value is MessageKey {
  return value in (dictionaries.nb ?? nb);
}

export function translator(lang: Lang): Translate {
  // The dictionary is looked up at each call, not when the translator is made: a lazily loaded
  // chunk adds its strings (addNorwegianStrings) by replacing the dictionary, and a `t` captured
  // before that (a callback, an effect, a prop) must still find them. Norwegian until a language's
  // chunk has arrived (see useLanguageLoaded).
  return (key, params) =>
    (dictionaries[lang] ?? (nb as Dictionary))[key].replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

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

/**
 * For the root component: if the language changes without a page load (the language form reloads
 * the document, so normally it cannot), fetch its dictionary and render the page again.
 */
export function useLanguageLoaded(): void {
  const lang = useLang();
  const [, setLoaded] = useState<Lang | undefined>();
  useEffect(() => {
    if (!dictionaries[lang]) void loadLanguage(lang).then(() => setLoaded(lang));
  }, [lang]);
}
