import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getUser, safeRedirect } from "~/lib/auth/session.server";
import { rememberLanguage } from "~/lib/mail/preferences.server";
import { isLang } from "~/lib/i18n";
import { langCookie } from "~/lib/i18n/lang.server";
import { readForm } from "~/lib/form-data.server";

/** Switches the UI language; works without JavaScript (plain form post). */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const lang = form.get("lang");
  const to = safeRedirect(form.get("redirectTo"));
  if (!isLang(lang)) return redirect(to);
  // Mails to a signed-in person follow the language they last chose.
  const user = await getUser(request);
  if (user) await rememberLanguage(user.id, lang);
  return redirect(to, { headers: { "Set-Cookie": await langCookie.serialize(lang) } });
}

export function loader() {
  return redirect("/");
}
