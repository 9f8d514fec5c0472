/**
 * A request path reduced to its route pattern, for metrics labels and logs: ids, slugs and
 * tokens become `:name`, so the label set stays small and no secret link lands in a log.
 */
const PARAM_AFTER: Record<string, string> = {
  o: ":org",
  r: ":response",
  c: ":section",
  q: ":key",
  history: ":key",
  submissions: ":submission",
  consultations: ":consultation",
  invite: ":token",
  confirm: ":token",
  reset: ":token",
  unsubscribe: ":token",
  setup: ":token",
  backups: ":file",
};

export function routeLabel(pathname: string): string {
  if (pathname.startsWith("/assets/")) return "/assets";
  let path = pathname;
  let data = "";
  if (path.endsWith(".data")) {
    path = path.slice(0, -".data".length);
    data = ".data";
  }
  const parts = path.split("/");
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    out.push(part);
    const param = PARAM_AFTER[part];
    if (param && i + 1 < parts.length && parts[i + 1] !== "" && !(part === "consultations" && parts[i + 1] === "new")) {
      out.push(param);
      i++;
      // A submission's file format and an export's name are a fixed set; keep them.
    }
  }
  return (out.join("/") || "/") + data;
}

/** The chapter page's post: an answer save (2xx/3xx acknowledged, 409 refused as a conflict). */
export function isSavePost(method: string, label: string): boolean {
  return method === "POST" && /^\/o\/:org\/r\/:response\/c\/:section(\.data)?$/.test(label);
}
