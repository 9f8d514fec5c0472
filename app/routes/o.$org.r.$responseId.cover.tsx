import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { ResponsePageHeader } from "~/components/response-page-header";
import { requireResponse } from "~/lib/auth/membership.server";
import { coverPage, saveCover } from "~/lib/cover.server";
import { readForm } from "~/lib/form-data.server";
import { pageStringsClientLoader, useT } from "~/lib/i18n";
import { getLang } from "~/lib/i18n/lang.server";
import { pageTitle } from "~/lib/page-title";
import { useHydrated } from "~/lib/use-hydrated";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "cover.title", { title: data?.title ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { response, organisation } = await requireResponse(request, params, "edit");
  return { ...(await coverPage(response)), title: response.consultation.template.title, base: `/o/${organisation.slug}/r/${response.id}` };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { response, user } = await requireResponse(request, params, "edit");
  const formData = await readForm(request);
  if ([...formData.keys()].length > 20) throw new Response("Bad Request: too many form fields", { status: 400 });
  const posted = Object.fromEntries([...formData].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const result = (await saveCover(response, user.id, formData, await getLang(request)));
  if (result.status === "invalid") return data({ errors: result.reply.error ?? {}, posted, conflict: false, versions: undefined }, { status: 400 });
  if (result.status === "conflict") return data({ errors: {}, posted, conflict: true, versions: undefined }, { status: 409 });
  if (!result.autosave) throw redirect(`${new URL(request.url).pathname}?saved=1`);
  return { errors: {}, posted: undefined, conflict: false, versions: result.versions };
}

// Its strings are in nb-pages.ts: loaded before a client-side navigation renders this page.
export const clientLoader = pageStringsClientLoader;

type ActionData = { errors: Record<string, string[] | null>; posted?: Record<string, string>; conflict: boolean; versions?: Record<string, number> };

export default function CoverLetter() {
  const { fields, title, base, language } = useLoaderData<typeof loader>();
  const submitted = useActionData<typeof action>() as ActionData | undefined;
  const fetcher = useFetcher<ActionData>();
  const hydrated = useHydrated();
  const t = useT();
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const [versions, setVersions] = useState(() => Object.fromEntries(fields.map((f) => [f.name, f.version])));
  const result = fetcher.data ?? submitted;
  useEffect(() => {
    if (fetcher.data?.versions) setVersions((v) => ({ ...v, ...fetcher.data!.versions }));
  }, [fetcher.data]);
  const saved = typeof window !== "undefined" && new URLSearchParams(window.location.search).get("saved");
  // With JavaScript: autosave a moment after typing stops, without a page load.
  const autosave = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!form.current) return;
      const body = new FormData(form.current);
      body.set("autosave", "1");
      fetcher.submit(body, { method: "post" });
    }, 1200);
  };
  return (
    <article className="stack">
      <ResponsePageHeader base={base} title={t("cover.title", { title })} subtitle={t("cover.intro")} />
      {saved && !result ? (
        <p className="notice" role="status">
          {t("cover.saved")}
        </p>
      ) : null}
      {result?.conflict ? (
        <p className="error" role="alert">
          {t("cover.conflict")}
        </p>
      ) : null}
      <Form method="post" ref={form} className="card stack" lang={language} onChange={hydrated ? autosave : undefined}>
        <input type="hidden" name="intent" value="save" />
        {fields.map((f) => {
          const errors = result?.errors?.[f.name] ?? null;
          const value = result?.posted?.[f.name] ?? f.value;
          const id = `cover-${f.field}`;
          const common = { id, name: f.name, defaultValue: value, "aria-invalid": errors ? true : undefined, "aria-describedby": errors ? `${id}-error` : undefined };
          return (
            <div key={f.name} className="field">
              <label htmlFor={id}>{f.label}</label>
              {f.multiline ? <textarea {...common} rows={12} /> : <input type="text" {...common} />}
              <input type="hidden" name={`v.${f.name}`} value={versions[f.name]} />
              {errors ? (
                <p id={`${id}-error`} className="field-error" role="alert">
                  {errors.join(" ")}
                </p>
              ) : null}
              {f.version > 0 ? <Link to={`${base}/history/${encodeURIComponent(`cover.${f.field}`)}`}>{t("cover.history")}</Link> : null}
            </div>
          );
        })}
        <p>
          <button type="submit" className="button">
            {t("cover.save")}
          </button>
          {fetcher.state !== "idle" ? <span className="muted"> …</span> : null}
        </p>
      </Form>
    </article>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
