/**
 * A bounded, reproducible fuzz of every action: each page's forms are read from its HTML (so a
 * new form is fuzzed without editing this file), then posted with hostile variations of their
 * own fields. Whatever arrives, the server answers below 500 and keeps serving.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, startServer, type TestServer } from "../support/server";

/** Pages whose forms are fuzzed, and who looks at them. */
const PAGES: { path: string; as: string | null }[] = [
  { path: "/login", as: null },
  { path: "/signup", as: null },
  { path: "/", as: "admin@demo.no" },
  { path: "/orgs/new", as: "admin@demo.no" },
  { path: "/o/nmf-demo", as: "admin@demo.no" },
  { path: "/o/nmf-demo/members", as: "admin@demo.no" },
  { path: "/o/nmf-demo/r/1", as: "styret@demo.no" },
  { path: "/o/nmf-demo/r/1/c/sender", as: "styret@demo.no" },
  { path: "/o/nmf-demo/r/1/c/kap3", as: "styret@demo.no" },
  { path: "/o/nmf-demo/r/1/c/kap2", as: "styret@demo.no" },
  { path: "/o/nmf-demo/r/1/c/kap3/mine", as: "medlem@demo.no" },
  { path: "/o/nmf-demo/r/1/c/kap5", as: "medlem@demo.no" },
  { path: "/o/nmf-demo/r/1/c/general", as: "styret@demo.no" },
  { path: "/o/nmf-demo/r/1/history/kap3-tiltak-1.feedback", as: "styret@demo.no" },
  { path: "/o/nmf-demo/r/1/import", as: "styret@demo.no" },
  { path: "/o/nmf-demo/r/1/printout", as: "styret@demo.no" },
  { path: "/o/nmf-demo/r/1/references", as: "medlem@demo.no" },
  { path: "/account", as: "styret@demo.no" },
  { path: "/o/nmf-demo/security", as: "admin@demo.no" },
  { path: "/o/nmf-demo/consultations/new", as: "admin@demo.no" },
  { path: "/admin/consultations", as: "admin@demo.no" },
  // Comment threads (resolve/reopen forms for the editor) and notifications.
  { path: "/o/nmf-demo/r/1/q/kap3.priority", as: "styret@demo.no" },
  { path: "/o/nmf-demo/r/1/q/kap4-tiltak-1.feedback", as: "nora@demo.no" },
  { path: "/notifications", as: "sekretariat@demo.no" },
];
const POSTS_PER_FORM = 25;

/** mulberry32: the same sequence on every run, so a failure can be replayed. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE = [
  "",
  " ",
  "-1",
  "0",
  "2",
  "5",
  "99",
  "1e309",
  "9007199254740993",
  "NaN",
  "1.5",
  "null",
  "[object Object]",
  "__proto__",
  "constructor",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "a@" + ".".repeat(5_000) + "@",
  "x".repeat(30_000),
  "\u0000\uFFFF\uD800",
  "😀".repeat(500),
  "../../etc/passwd",
  "%00%ff",
];

interface FormSpec {
  action: string;
  fields: [string, string][];
}

/**
 * Forms on a page as a browser would post them: action (resolved) and named controls with values,
 * the controls inside the form and those naming it with a `form` attribute (the section page's
 * answer inputs sit in measure units beside other forms, so they name their form).
 */
function formsOf(html: string, pagePath: string): FormSpec[] {
  const forms: FormSpec[] = [];
  const controls = (text: string) => [...text.matchAll(/<(input|textarea|select|button)\b([^>]*)>/g)].map((control) => control[2]!);
  const allControls = controls(html);
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const [, attrs, body] = match;
    if (!/method="post"/i.test(attrs!)) continue;
    const action = attrs!.match(/action="([^"]*)"/)?.[1]?.replace(/&amp;/g, "&") || pagePath;
    const id = attrs!.match(/\bid="([^"]*)"/)?.[1];
    const owned = [
      ...controls(body!).filter((control) => !/\bform="/.test(control)),
      ...(id ? allControls.filter((control) => control.includes(`form="${id}"`)) : []),
    ];
    const fields: [string, string][] = [];
    for (const control of owned) {
      const name = control.match(/\bname="([^"]*)"/)?.[1];
      if (!name) continue;
      fields.push([name.replace(/&amp;/g, "&"), control.match(/\bvalue="([^"]*)"/)?.[1] ?? "x"]);
    }
    forms.push({ action, fields });
  }
  return forms;
}

function mutate(fields: [string, string][], random: () => number): URLSearchParams {
  const body = new URLSearchParams();
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  for (const [name, value] of fields) {
    const roll = random();
    if (roll < 0.15) continue; // missing
    if (roll < 0.6) body.append(name, pick(HOSTILE));
    else body.append(name, value);
    if (random() < 0.1) body.append(name, pick(HOSTILE)); // duplicated
  }
  if (random() < 0.2) body.append(pick(["intent", "v.x", "__proto__[x]", "v.__proto__"]), pick(HOSTILE));
  return body;
}

describe("fuzzing every form", () => {
  let server: TestServer;
  const cookies = new Map<string, string>();
  beforeAll(async () => {
    server = await startServer({ SITE_ADMINS: "admin@demo.no" });
    for (const email of new Set(PAGES.flatMap((p) => (p.as ? [p.as] : [])))) cookies.set(email, await signIn(server.url, email));
    // An organisation's own consultation (its page has the editor, publish and share forms).
    const added = await fetch(`${server.url}/o/nmf-demo/consultations/new`, {
      method: "POST",
      body: new URLSearchParams({ intent: "upload", source: readFileSync("test/fixtures/consultation-small.yaml", "utf8") }),
      headers: { cookie: cookies.get("admin@demo.no")! },
      redirect: "manual",
    });
    PAGES.push({ path: added.headers.get("location")!, as: "admin@demo.no" });
  });
  afterAll(() => server?.stop());

  it(`posts ${POSTS_PER_FORM} hostile variations of every form and never gets a 5xx`, async () => {
    const random = prng(20261123);
    const failures: string[] = [];
    let posts = 0;
    let formsSeen = 0;
    for (const page of PAGES) {
      const cookie = page.as ? cookies.get(page.as)! : "";
      const res = await fetch(server.url + page.path, { headers: { cookie } });
      const html = await res.text();
      if (res.status === 404) continue; // a page a later issue may add
      if (process.env.FUZZ_VERBOSE) console.log(page.path, res.status, formsOf(html, page.path).length);
      const forms = formsOf(html, page.path).filter((f) => f.action !== "/logout");
      formsSeen += forms.length;
      for (const form of forms) {
        for (let i = 0; i < POSTS_PER_FORM; i++) {
          const body = mutate(form.fields, random);
          for (const suffix of i % 5 === 0 ? ["", ".data"] : [""]) {
            const target = form.action.replace(/(\?|$)/, `${suffix}$1`);
            const out = await fetch(server.url + target, { method: "POST", body, headers: { cookie }, redirect: "manual" });
            await out.arrayBuffer();
            posts++;
            if (out.status >= 500) failures.push(`${out.status} ${target} ${body.toString().slice(0, 300)}`);
          }
        }
      }
    }
    console.log(`fuzz: ${posts} posts to ${formsSeen} forms`);
    expect(failures).toEqual([]);
    expect(formsSeen).toBeGreaterThan(30);
    expect(posts).toBeGreaterThan(300);
    // Still serving, and the sessions still work.
    const check = await fetch(server.url + "/o/nmf-demo/r/1", { headers: { cookie: cookies.get("styret@demo.no")! } });
    await check.text();
    expect(check.status).toBe(200);
    expect(server.output()).not.toMatch(/SQLITE_BUSY|Unexpected Server Error/);
  });
});
