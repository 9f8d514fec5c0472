/**
 * Issue 20, item 7: a consultation's own words for yes and no (`yesNoLabels`, e.g. Einig/Ueinig)
 * in the form editor without JavaScript: the "asked when" select of a feedback question and the
 * numbering preview ("stilles når 4 er «Ueinig»"); without them, Ja/Nei.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, signIn, startServer, type TestServer } from "../support/server";

let server: TestServer;
let cookie = "";
const decode = (s: string) => s.replace(/<!-- -->/g, "").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const attrs = (tag: string): Record<string, string | undefined> => Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, decode(m[2]!)]));

/** The editor form's inputs and selects as a browser without JavaScript posts them. */
function editorFields(html: string): Record<string, string> {
  const start = html.indexOf('class="stack template-editor"');
  const form = html.slice(start, html.indexOf("</form>", start));
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input [^>]*>|<textarea ([^>]*)>([\s\S]*?)<\/textarea>|<select ([^>]*)>([\s\S]*?)<\/select>/g)) {
    if (m[0].startsWith("<input")) {
      const a = attrs(m[0]);
      if (!a.name || (a.type === "checkbox" && !/ checked=""/.test(m[0]))) continue;
      fields[a.name] = a.value ?? "";
    } else if (m[0].startsWith("<textarea")) fields[attrs(m[1]!).name!] = decode(m[2]!).replace(/^\n/, "");
    else {
      const options = [...m[4]!.matchAll(/<option [^>]*>/g)].map((o) => ({ value: attrs(o[0]).value ?? "", selected: / selected=""/.test(o[0]) }));
      fields[attrs(m[3]!).name!] = (options.find((o) => o.selected) ?? options[0])!.value;
    }
  }
  return fields;
}

beforeAll(async () => {
  server = await startServer();
  cookie = await signIn(server.url, "sekretariat@demo.no");
});
afterAll(async () => server?.stop());

describe("the consultation's own yes/no words in the form editor", () => {
  it("the askedOn select and the numbering preview say Einig/Ueinig once the consultation has them, Ja/Nei before", async () => {
    const created = await formRequest(server.url, "/o/nmf-demo/consultations/new", { body: { intent: "scratch", language: "nb" }, cookie });
    expect(created.res.status).toBe(302);
    const edit = created.res.headers.get("location")!;
    const plainFields = editorFields((await formRequest(server.url, edit, { cookie })).html);
    const plain = decode((await formRequest(server.url, edit, { body: { ...plainFields, intent: "refresh" }, cookie })).html);
    expect(plain).toMatch(/<option value="no"[^>]*>Nei<\/option>/);
    expect(plain).toMatch(/stilles når \d+ er «Nei»/);

    const res = await formRequest(server.url, edit, { body: { ...plainFields, "t.yesNoLabels.yes": "Einig", "t.yesNoLabels.no": "Ueinig", intent: "refresh" }, cookie });
    expect(res.res.status).toBe(200);
    const html = decode(res.html);
    expect(html).toMatch(/<option value="no"[^>]*>Ueinig<\/option>/);
    expect(html).toMatch(/<option value="yes"[^>]*>Einig<\/option>/);
    expect(html).toMatch(/stilles når \d+ er «Ueinig»/);
    expect(html).not.toMatch(/stilles når \d+ er «Nei»/);
  });
});
