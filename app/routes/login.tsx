import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { users } from "../../db/schema";
import { verifyPassword } from "~/lib/auth/password.server";
import { createUserSession, getUser, safeRedirect } from "~/lib/auth/session.server";

export const meta: MetaFunction = () => [{ title: "Logg inn – Høringssvar" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = String(form.get("email") ?? "").trim().toLowerCase();
  const password = String(form.get("password") ?? "");
  const user = getDb().select().from(users).where(eq(users.email, email)).get();
  const ok = user ? await verifyPassword(password, user.passwordHash) : false;
  if (!user || !ok) return { error: "Feil e-post eller passord.", email };
  const cookie = await createUserSession(request, user.id);
  return redirect(safeRedirect(form.get("redirectTo")), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <section className="narrow">
      <h1>Logg inn</h1>
      <Form method="post" className="stack">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <label>
          E-post
          <input type="email" name="email" autoComplete="email" required defaultValue={data?.email} />
        </label>
        <label>
          Passord
          <input type="password" name="password" autoComplete="current-password" required />
        </label>
        {data?.error ? (
          <p role="alert" className="error">
            {data.error}
          </p>
        ) : null}
        <button type="submit">Logg inn</button>
      </Form>
      <p>
        <Link to="/">Tilbake</Link>
      </p>
    </section>
  );
}
