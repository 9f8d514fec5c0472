/**
 * ASVS finding 4: a crafted version reached `stored!.value` in saveSection and gave a 500 (posting
 * `v.<field>=5` on a never-answered field). Every action with a version field now answers a
 * malformed, negative, non-integer, huge or missing version with 400 and a future one with 409
 * (the merge view where there is one), never 5xx, and stores nothing.
 */
import { describeGrowth, growth, isLinear } from "../support/linear";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answeredKeys, answerRow, userId } from "../support/answers-db";
import { lis1Section } from "../support/fixtures";
import { signIn, startServer, type TestServer } from "../support/server";

/** Not a version: each must be a 400. */
const MALFORMED = ["abc", "-1", "1.5", "", " 7", "0x10", "1e3", "99999999999999999999", "9007199254740993", "NaN", "Infinity", "٣", "1".repeat(100_000)];
const FUTURE = "5000";

describe("version fields under fuzz", () => {
  let server: TestServer;
  let editor: string;
  let admin: string;
  let secretariat: string;
  const base = "/o/nmf-demo/r/1";

  beforeAll(async () => {
    server = await startServer();
    editor = await signIn(server.url, "styret@demo.no");
    admin = await signIn(server.url, "admin@demo.no");
    secretariat = await signIn(server.url, "sekretariat@demo.no");
  });
  afterAll(() => server?.stop());

  async function post(path: string, body: URLSearchParams | FormData, cookie = editor) {
    const res = await fetch(server.url + path, { method: "POST", body, headers: { cookie }, redirect: "manual" });
    return { status: res.status, html: await res.text() };
  }

  /** A text field nobody has answered (the demo leaves some in kap2) and one that has an answer, with their section pages. */
  async function fields() {
    const answered = await answeredKeys(server.dbFile, 1);
    const textItems = (section: string) => lis1Section(section).items.filter((i) => i.answerType === "text").map((item) => ({ ...item, page: `${base}/c/${section}` }));
    const fresh = textItems("kap2").find((i) => !answered.has(i.key))!;
    const old = textItems("kap3").find((i) => answered.has(i.key))!;
    return { fresh, old };
  }
  const field = (key: string) => key.replaceAll(".", "__");

  describe.each([
    ["section save", {}],
    ["autosave", { autosave: "1" }],
  ])("%s", (_name, extra: Record<string, string>) => {
    it("the reported crash: a future version on a never-answered field is a 409 with the merge view", async () => {
      const { fresh } = await fields();
      const res = await post(fresh.page, new URLSearchParams({ intent: "save", [field(fresh.key)]: "Mitt svar", [`v.${field(fresh.key)}`]: "5", ...extra }));
      expect(res.status).toBe(409);
      expect(res.html).toContain("Versjonen du startet fra (versjon 5) finnes ikke");
      expect(await answerRow(server.dbFile, 1, fresh.key)).toBeUndefined();
    });

    it("a future version on an answered field is a 409, even with the stored text", async () => {
      const { old } = await fields();
      const before = (await answerRow(server.dbFile, 1, old.key))!;
      for (const text of ["Noe nytt", ""]) {
        const res = await post(`${base}/c/kap3`, new URLSearchParams({ intent: "save", [field(old.key)]: text, [`v.${field(old.key)}`]: FUTURE, ...extra }));
        expect(res.status).toBe(409);
      }
      expect(await answerRow(server.dbFile, 1, old.key)).toEqual(before);
    });

    it.each(MALFORMED.map((v) => [v.length > 20 ? `${v.slice(0, 10)}… (${v.length})` : JSON.stringify(v), v]))("version %s is a 400", async (_label, version) => {
      const { fresh, old } = await fields();
      for (const item of [fresh, old]) {
        const before = await answerRow(server.dbFile, 1, item.key);
        const res = await post(item.page, new URLSearchParams({ intent: "save", [field(item.key)]: "Tekst", [`v.${field(item.key)}`]: version, ...extra }));
        expect(res.status).toBe(400);
        expect(res.html).toContain("Ugyldig versjonsnummer");
        expect(await answerRow(server.dbFile, 1, item.key)).toEqual(before);
      }
    });

    it("a missing version is a 400", async () => {
      const { old } = await fields();
      const res = await post(`${base}/c/kap3`, new URLSearchParams({ intent: "save", [field(old.key)]: "Tekst", ...extra }));
      expect(res.status).toBe(400);
      expect(res.html).toContain("mangler versjonen");
    });
  });

  it("merge: after a 409, saving against a crafted version is again 400/409; against theirs it saves", async () => {
    const { old } = await fields();
    const f = field(old.key);
    const current = (await answerRow(server.dbFile, 1, old.key))!.version;
    const stale = await post(`${base}/c/kap3`, new URLSearchParams({ intent: "save", [f]: "Min versjon", [`v.${f}`]: String(current - 1) }));
    expect(stale.status).toBe(409);
    expect((await post(`${base}/c/kap3`, new URLSearchParams({ intent: "save", [f]: "Flettet", [`v.${f}`]: FUTURE }))).status).toBe(409);
    for (const version of MALFORMED) expect((await post(`${base}/c/kap3`, new URLSearchParams({ intent: "save", [f]: "Flettet", [`v.${f}`]: version }))).status).toBe(400);
    expect((await post(`${base}/c/kap3`, new URLSearchParams({ intent: "save", [f]: "Flettet", [`v.${f}`]: String(current) }))).status).toBe(302);
  });

  it("restore: malformed or missing fields are 400, a future base 409, an unknown revision 404", async () => {
    const { old } = await fields();
    const path = `${base}/history/${old.key}`;
    const page = await (await fetch(server.url + path, { headers: { cookie: editor } })).text();
    const revisionId = /name="revisionId" value="(\d+)"/.exec(page)?.[1];
    expect(revisionId).toBeDefined();
    const current = (await answerRow(server.dbFile, 1, old.key))!.version;
    const restore = (fields: Record<string, string>) => post(path, new URLSearchParams({ intent: "restore", ...fields }));
    for (const version of MALFORMED) {
      expect((await restore({ revisionId: revisionId!, baseVersion: version })).status).toBe(400);
      expect((await restore({ revisionId: version, baseVersion: String(current) })).status).toBe(400);
    }
    expect((await restore({ revisionId: revisionId! })).status).toBe(400);
    expect((await restore({ baseVersion: String(current) })).status).toBe(400);
    expect((await restore({ revisionId: "0", baseVersion: String(current) })).status).toBe(400);
    const future = await restore({ revisionId: revisionId!, baseVersion: FUTURE });
    expect(future.status).toBe(409);
    expect(future.html).toContain("Ingenting ble gjenopprettet");
    expect((await restore({ revisionId: "999999999", baseVersion: String(current) })).status).toBe(404);
    expect((await answerRow(server.dbFile, 1, old.key))!.version).toBe(current);
  });

  it("import confirmation: malformed or missing versions are 400, a future one 409, nothing written", async () => {
    const { old } = await fields();
    const markdown = await (await fetch(`${server.url}${base}/export.md`, { headers: { cookie: secretariat } })).text();
    const before = await answerRow(server.dbFile, 1, old.key);
    const confirm = (versions: string | undefined) => {
      const form = new FormData();
      form.set("intent", "apply");
      form.set("markdown", markdown.replace("Det må følge med insentiver", "Det må følge med gode insentiver"));
      if (versions !== undefined) form.set("versions", versions);
      return post(`${base}/import`, form, secretariat);
    };
    const malformed = [
      "abc",
      "",
      "null",
      "[]",
      "1",
      JSON.stringify({ [old.key]: -1 }),
      JSON.stringify({ [old.key]: 1.5 }),
      JSON.stringify({ [old.key]: "1" }),
      `{"${old.key}": 1e400}`,
      JSON.stringify({ [old.key]: 2 ** 60 }),
      `{"${old.key}": ${"9".repeat(100_000)}}`,
    ];
    for (const versions of [...malformed, undefined]) {
      const res = await confirm(versions);
      expect(res.status, String(versions).slice(0, 40)).toBe(400);
      expect(res.html).toContain("Versjonene fra forhåndsvisningen mangler eller er ugyldige");
    }
    const future = await confirm(JSON.stringify({ [old.key]: Number(FUTURE) }));
    expect(future.status).toBe(409);
    expect(future.html).toContain("versjoner som ikke finnes");
    expect(await answerRow(server.dbFile, 1, old.key)).toEqual(before);
  });

  it("members: a malformed or missing membership version is 400, a future one 409", async () => {
    const member = String(await userId(server.dbFile, "medlem@demo.no"));
    const members = "/o/nmf-demo/members";
    for (const intent of ["changeRole", "remove"]) {
      const send = (version: string | undefined) =>
        post(members, new URLSearchParams({ intent, userId: member, role: "viewer", ...(version === undefined ? {} : { version }) }), admin);
      for (const version of ["abc", "-1", "1.5", "", "0", "99999999999999999999", "1e400", "NaN", "1".repeat(100_000), undefined])
        expect((await send(version)).status, `${intent} ${String(version).slice(0, 20)}`).toBe(400);
      expect((await send(FUTURE)).status).toBe(409);
      // Lenient spellings of a number (" 7", "0x10") are the auth forms' business: still never 5xx.
      for (const version of [" 7", "0x10", "1e3"]) expect((await send(version)).status).toBeLessThan(500);
    }
    const page = await (await fetch(server.url + members, { headers: { cookie: admin } })).text();
    expect(page).toContain("Sofie Medlem");
  });

  it("50,000 crafted version fields are a 400, refused in time linear in their number (3,125 against 50,000)", async () => {
    const crafted = (n: number) => new URLSearchParams([["intent", "save"], ...Array.from({ length: n }, (_, i) => [`v.f${i}`, "1"] as [string, string])]);
    expect((await post(`${base}/c/kap3`, crafted(50_000))).status).toBe(400);
    const bodies = new Map([3_125, 50_000].map((n) => [n, crafted(n).toString()]));
    const g = await growth(async (n) => expect((await post(`${base}/c/kap3`, new URLSearchParams(bodies.get(n)!))).status).toBe(400), 3_125, 16);
    expect(isLinear(g), describeGrowth(g)).toBe(true);
  });

  it("starting a response: a malformed consultation version is 400, an unknown one 404", async () => {
    for (const id of ["abc", "-1", "1.5", "", "99999999999999999999", "1".repeat(100_000)])
      expect((await post("/o/nmf-demo", new URLSearchParams({ intent: "startResponse", consultationVersionId: id }), admin)).status).toBe(400);
    expect((await post("/o/nmf-demo", new URLSearchParams({ intent: "startResponse", consultationVersionId: "999999" }), admin)).status).toBe(404);
  });
});
