/**
 * Remix's default browser entry, except that an English page first loads the English dictionary
 * (a separate chunk: Norwegian pages do not download it), so hydration renders the server's text.
 */
import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { isLang, loadLanguage } from "~/lib/i18n";

const lang = document.documentElement.lang;
void loadLanguage(isLang(lang) ? lang : "nb").finally(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
