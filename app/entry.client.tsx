/**
 * Remix's default browser entry, except that a page first loads the strings it needs that are not
 * in the main bundle: the English dictionary on an English page, the Norwegian strings of the
 * account, organisation and consultation pages on those pages (app/lib/i18n), so hydration renders
 * the server's text; and the code of the page's lazily loaded parts (app/lib/lazy-part.tsx).
 *
 * Input before hydration (React error #345): with single fetch, RemixBrowser's first render suspends
 * until the page's loader data is decoded, and there is no Suspense boundary above it (it renders
 * <html>). A keystroke or click in that moment makes React 18 hydrate synchronously; the suspended
 * root cannot finish (#426), falls back to rendering the whole document on the client, suspends
 * again and gives up (#345): the page never hydrates. So the events React would hydrate for are
 * held back from React until the page has hydrated: what a person types stays in the fields, and
 * a button pressed in that moment does what it does without JavaScript (a plain form post).
 */
import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode, useEffect } from "react";
import { hydrateRoot } from "react-dom/client";
import { isLang, loadLanguage, loadPageStrings, needsPageStrings } from "~/lib/i18n";
import { loadLazyParts } from "~/lib/lazy-part";
import { PageTextProvider, readPageTexts } from "~/lib/page-text";

// React 18's discrete events that force a synchronous hydration of a dehydrated root.
const HELD_UNTIL_HYDRATED = ["keydown", "keypress", "keyup", "input", "beforeinput", "textInput", "change", "click", "auxclick", "dblclick", "contextmenu", "mousedown", "mouseup", "pointerdown", "pointerup", "pointercancel", "touchstart", "touchend", "touchcancel", "compositionstart", "compositionend", "copy", "cut", "paste", "dragstart", "dragend", "drop", "submit", "reset"];
const holdBack = (event: Event) => event.stopPropagation();
for (const type of HELD_UNTIL_HYDRATED) window.addEventListener(type, holdBack, true);

function ReleaseHeldEvents() {
  useEffect(() => {
    for (const type of HELD_UNTIL_HYDRATED) window.removeEventListener(type, holdBack, true);
  }, []);
  return null;
}

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
        <ReleaseHeldEvents />
      </StrictMode>,
    );
  });
});
