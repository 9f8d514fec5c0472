import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useT } from "~/lib/i18n";

/** The one error page: 404 and 403 say what happened, anything else a generic message (no stack). */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const retryAfterMinutes = isRouteErrorResponse(error) ? (error.data as { retryAfterMinutes?: number } | null)?.retryAfterMinutes : undefined;
  const message =
    status === 404
      ? t("error.notFound")
      : status === 403
        ? t("error.forbidden")
        : status === 429
          ? t("error.tooMany", { minutes: retryAfterMinutes ?? 1 })
          : status === 423
            ? t("error.locked")
            : t("error.generic");
  return (
    <section className="error-page">
      <h1>{t("error.title", { status })}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">{t("nav.home")}</Link>
      </p>
    </section>
  );
}
