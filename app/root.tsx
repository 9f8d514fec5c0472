// First import: zod runs jitless before any route module builds a schema (app/lib/zod-jitless.ts).
import "~/lib/zod-jitless";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { organisationsOf } from "~/lib/auth/organisations.server";
import { getUser } from "~/lib/auth/session.server";
import { unreadNotifications } from "~/lib/discussion/notifications.server";
import { translator, useLanguageLoaded, type Lang } from "~/lib/i18n";
import { getLang } from "~/lib/i18n/lang.server";
import { useNonce } from "~/lib/nonce";
import styles from "~/styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, lang] = await Promise.all([getUser(request), getLang(request)]);
  const orgs = user ? (await organisationsOf(user.id)).map(({ slug, name }) => ({ slug, name })) : [];
  // The bell's unread count: one indexed count per page load.
  const unread = user ? (await unreadNotifications(user.id)) : 0;
  // HIDDEN_CLOSE_MS (tests): how long a hidden tab keeps its live stream (app/lib/live/connection.ts).
  const hiddenCloseMs = Number(process.env.HIDDEN_CLOSE_MS) || undefined;
  return { user: user && { name: user.name, email: user.email }, orgs, lang, unread, hiddenCloseMs };
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const lang: Lang = data?.lang ?? "nb";
  const t = translator(lang);
  const location = useLocation();
  const nonce = useNonce();
  return (
    <html lang={lang} data-hidden-close-ms={data?.hiddenCloseMs}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("nav.skip")}
        </a>
        <header className="site-header">
          <Link to="/" className="brand">
            {t("app.name")}
          </Link>
          <nav aria-label={t("nav.main")}>
            {/* A full page load: the new language's dictionary is loaded before the page hydrates. */}
            <Form method="post" action="/language" className="inline" reloadDocument>
              <input type="hidden" name="lang" value={lang === "nb" ? "en" : "nb"} />
              <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
              <button type="submit" className="link-button" lang={lang === "nb" ? "en" : "nb"}>
                {t("nav.language")}
              </button>
            </Form>
            {data?.user ? (
              <>
                {data.orgs.map((org) => (
                  <Link key={org.slug} to={`/o/${org.slug}`}>
                    {org.name}
                  </Link>
                ))}
                {data.orgs.length === 0 ? <Link to="/orgs/new">{t("accounts.org.newLink")}</Link> : null}
                {/* The name is the visible text ("Varsler 2") plus a hidden "uleste": no aria-label that could differ from it. */}
                <Link to="/notifications" className="bell">
                  {t("notifications.bell")}
                  {data.unread ? (
                    <span className="badge" data-testid="unread-count">
                      {data.unread}
                      <span className="visually-hidden"> {t("notifications.unreadSuffix")}</span>
                    </span>
                  ) : null}
                </Link>
                <Link to="/account" className="who">
                  {data.user.name}
                </Link>
                <Form method="post" action="/logout" className="inline">
                  <button type="submit" className="link-button">
                    {t("nav.signOut")}
                  </button>
                </Form>
              </>
            ) : (
              <>
                <Link to="/login">{t("nav.signIn")}</Link>
                <Link to="/signup">{t("nav.signUp")}</Link>
              </>
            )}
          </nav>
        </header>
        <main id="main">{children}</main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLanguageLoaded();
  // Marks the page as interactive (autosave attached); browser tests wait for it.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return <Outlet />;
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
