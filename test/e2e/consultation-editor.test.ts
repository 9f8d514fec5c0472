/**
 * The consultation form editor without JavaScript, over HTTP: start from scratch, then add, move
 * and remove through `intent` submit buttons (the form comes back with the change and everything
 * typed), a save with an emptied required field (the message next to that field, nothing stored),
 * a valid save (stored as YAML, same as the text editor), a stale save (409), and who may use it.
 */
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formRequest, signIn, startServer, type TestServer } from "../support/server";

let server: TestServer;
const cookies: Record<string, string> = {};
const post = (path: string, body: Record<string, string>, who: string) => formRequest(server.url, path, { body, cookie: cookies[who] });
const get = (path: string, who: string) => formRequest(server.url, path, { cookie: cookies[who] });

const decode = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const attrs = (tag: string): Record<string, string | undefined> => Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, decode(m[2]!)]));

/** What a browser without JavaScript would post from the editor form: its inputs, text areas and selects. */
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
const chapterIds = (fields: Record<string, string>) =>
  Object.entries(fields)
    .filter(([k]) => /^t\.chapters\.\d+\.id$/.test(k))
    .map(([, v]) => v);

beforeAll(async () => {
  server = await startServer();
  for (const email of ["sekretariat@demo.no", "styret@demo.no"]) cookies[email] = await signIn(server.url, email);
});
afterAll(async () => {
  await server?.stop();
});

describe("the form editor without JavaScript", () => {
  let edit = "";
  let fields: Record<string, string> = {};

  it("starts from scratch: a draft from the starter in the chosen language, opened in the editor", async () => {
    const { res } = await post("/o/nmf-demo/consultations/new", { intent: "scratch", language: "en" }, "sekretariat@demo.no");
    expect(res.status).toBe(302);
    edit = res.headers.get("location")!;
    expect(edit).toMatch(/^\/o\/nmf-demo\/consultations\/o\d+~draft-[\w-]+\/edit$/);
    const { res: page, html } = await get(edit, "sekretariat@demo.no");
    expect(page.status).toBe(200);
    fields = editorFields(html);
    expect(fields["t.title"]).toBe("Title of the consultation");
    expect(fields["t.language"]).toBe("en");
    expect(fields.version).toBe("1");
    expect((await get(edit, "styret@demo.no")).res.status).toBe(403);
  });

  it("add, move and remove re-render the form with the change and keep what was typed", async () => {
    const before = chapterIds(fields);
    let res = await post(edit, { ...fields, "t.title": "Hearing on the new curriculum", intent: "add:chapters:chapter" }, "sekretariat@demo.no");
    expect(res.res.status).toBe(200);
    fields = editorFields(res.html);
    expect(fields["t.title"]).toBe("Hearing on the new curriculum");
    const added = chapterIds(fields);
    expect(added.slice(0, -1)).toEqual(before);
    const last = added.length - 1;
    expect(fields[`t.chapters.${last}.title`]).toBe("");
    expect(fields[`t.chapters.${last}.measures.0.text`]).toBe("");

    res = await post(edit, { ...fields, [`t.chapters.${last}.title`]: "Exams", intent: `up:chapters.${last}` }, "sekretariat@demo.no");
    fields = editorFields(res.html);
    expect(chapterIds(fields)).toEqual([...before.slice(0, -1), added[last], before.at(-1)]);
    expect(fields[`t.chapters.${last - 1}.title`]).toBe("Exams");

    res = await post(edit, { ...fields, intent: `add:chapters.${last - 1}.measures:measure` }, "sekretariat@demo.no");
    fields = editorFields(res.html);
    expect(Object.keys(fields).filter((k) => new RegExp(`^t\\.chapters\\.${last - 1}\\.measures\\.\\d+\\.id$`).test(k))).toHaveLength(2);

    res = await post(edit, { ...fields, intent: `remove:chapters.${last - 1}.measures.1` }, "sekretariat@demo.no");
    fields = editorFields(res.html);
    expect(fields[`t.chapters.${last - 1}.measures.1.id`]).toBeUndefined();

    res = await post(edit, { ...fields, intent: "remove:chapters.0" }, "sekretariat@demo.no");
    fields = editorFields(res.html);
    expect(chapterIds(fields)).toEqual([...before.slice(1, -1), added[last], before.at(-1)]);
    // Nothing of this was stored.
    expect(parse((await get(edit.replace(/\/edit$/, "/template.yaml"), "sekretariat@demo.no")).html).title).toBe("Title of the consultation");
  });

  it("a save with an emptied required field names it next to the field and stores nothing", async () => {
    const i = chapterIds(fields).length - 2;
    const res = await post(edit, { ...fields, [`t.chapters.${i}.measures.0.text`]: "", intent: "save" }, "sekretariat@demo.no");
    expect(res.res.status).toBe(400);
    const problem = res.html.match(new RegExp(`<p id="f-chapters-${i}-measures-0-text-problem"[^>]*>([^<]*)</p>`));
    expect(problem?.[1]).toBe("må fylles ut");
    expect(res.html).toMatch(new RegExp(`aria-describedby="f-chapters-${i}-measures-0-text-problem"`));
    expect(editorFields(res.html)[`t.chapters.${i}.title`]).toBe("Exams");
  });

  it("a valid save is stored as YAML through the same path as the text editor; a stale one is a 409", async () => {
    const i = chapterIds(fields).length - 2;
    const body = { ...fields, [`t.chapters.${i}.measures.0.text`]: "More oral exams.", intent: "save" };
    const res = await post(edit, body, "sekretariat@demo.no");
    expect(res.res.status).toBe(302);
    expect(res.res.headers.get("location")).toBe(`${edit}?saved=1`);
    const storedText = (await get(edit.replace(/\/edit$/, "/template.yaml"), "sekretariat@demo.no")).html;
    const stored = parse(storedText);
    expect(stored.title).toBe("Hearing on the new curriculum");
    // The starter's comments survive a save from the form editor.
    expect(storedText).toContain("# 3. General feedback, numbered last.");
    expect(storedText).toMatch(/short: true +# a one-line field instead of a text area/);
    expect(stored.chapters[i]).toMatchObject({ title: "Exams", measures: [{ text: "More oral exams." }] });

    const stale = await post(edit, { ...body, "t.title": "Another title" }, "sekretariat@demo.no");
    expect(stale.res.status).toBe(409);
    expect(editorFields(stale.html)["t.title"]).toBe("Another title");
  });
});

describe("a truly empty start", () => {
  it("has only the metadata; it is saved as a draft without questions, and published only once it asks something", async () => {
    const { res } = await post("/o/nmf-demo/consultations/new", { intent: "empty", language: "nb" }, "sekretariat@demo.no");
    expect(res.status).toBe(302);
    const edit = res.headers.get("location")!;
    const page = await get(edit, "sekretariat@demo.no");
    expect(page.res.status).toBe(200);
    let fields = editorFields(page.html);
    expect(fields["t.title"]).toBe("Tittel på høringen");
    expect(Object.keys(fields).filter((k) => /^t\.(sender|chapters|general)\./.test(k))).toEqual([]);
    const stored = parse((await get(edit.replace(/\/edit$/, "/template.yaml"), "sekretariat@demo.no")).html);
    expect(Object.keys(stored).sort()).toEqual(["caseNumber", "deadline", "id", "issuer", "language", "title"]);

    // Saved while still empty (a draft), but not published.
    const saved = await post(edit, { ...fields, "t.title": "Høring om ny studieplan", intent: "save" }, "sekretariat@demo.no");
    expect(saved.res.status).toBe(302);
    const publish = await post(edit.replace(/\/edit$/, ""), { intent: "publish", status: "published", version: "2" }, "sekretariat@demo.no");
    expect(publish.res.status).toBe(400);
    expect(decode(publish.html)).toContain("skjemaet spør ikke om noe ennå");

    // Adding to the empty general part works; then it publishes.
    fields = editorFields((await get(edit, "sekretariat@demo.no")).html);
    const added = await post(edit, { ...fields, intent: "add:general:question-text" }, "sekretariat@demo.no");
    expect(added.res.status).toBe(200);
    fields = editorFields(added.html);
    expect(Object.keys(fields)).toContain("t.general.0.text");
    expect((await post(edit, { ...fields, "t.general.0.text": "Generelle tilbakemeldinger", intent: "save" }, "sekretariat@demo.no")).res.status).toBe(302);
    const published = await post(edit.replace(/\/edit$/, ""), { intent: "publish", status: "published", version: "3" }, "sekretariat@demo.no");
    expect(published.res.status).toBe(302);
  });
});
