/**
 * Remix's default browser entry, except that a page first loads the strings it needs that are not
 * in the main bundle: the English dictionary on an English page, the Norwegian strings of the
 * account, organisation and consultation pages on those pages (app/lib/i18n), so hydration renders
 * the server's text; and the code of the page's lazily loaded parts (app/lib/lazy-part.tsx).
 */
import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { isLang, loadLanguage, loadPageStrings, needsPageStrings } from "~/lib/i18n";
import { loadLazyParts } from "~/lib/lazy-part";
import { PageTextProvider, readPageTexts } from "~/lib/page-text";

const lang = document.documentElement.lang;
// Texts the server sent only in the markup (app/lib/page-text.tsx), read before React touches it.
const pageTexts = readPageTexts(document);
void Promise.all([
  loadLanguage(isLang(lang) ? lang : "nb"),
  needsPageStrings(window.location.pathname) ? loadPageStrings() : undefined,
  // Server-rendered parts in chunks of their own hydrate with the page, never after (#421).
  loadLazyParts(),
]).finally(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <PageTextProvider value={pageTexts}>
          <RemixBrowser />
        </PageTextProvider>
      </StrictMode>,
    );
  });
});
