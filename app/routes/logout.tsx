import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroyUserSession } from "~/lib/auth/session.server";

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/", { headers: { "Set-Cookie": await destroyUserSession(request) } });
}

export function loader() {
  return redirect("/");
}
