/**
 * A bounded, reproducible fuzz of every action: each page's forms are read from its HTML (so a
 * new form is fuzzed without editing this file), then posted with hostile variations of their
 * own fields, as every role that may see the page. Each page is fuzzed in its own copy of the
 * demo organisation (its own users too), so fuzzing the members page or an account cannot take
 * away what a later page needs. A page that does not answer 200 before its fuzz fails the test;
 * whatever is posted, the server answers below 500 and keeps serving. The run prints the posts
 * per form (FUZZ_VERBOSE=1 also prints each page's status and form count).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { seedDemo } from "../../db/seed";
import { formSections } from "../../consultation/form";
import { loadTemplateFile } from "../support/demo-export";
import { signIn, startServer, type TestServer } from "../support/server";
import { sqliteClient } from "../../db/engine/sqlite";

type Role = "admin" | "secretariat" | "editor" | "member" | "viewer";
/** Least privileged first: what a viewer's fuzz cannot change, an admin's later fuzz may. */
const ALL: Role[] = ["viewer", "member", "editor", "secretariat", "admin"];
const POSITION: Role[] = ["member", "editor", "secretariat", "admin"];
const EDITORS: Role[] = ["editor", "secretariat", "admin"];
const MANAGERS: Role[] = ["secretariat", "admin"];
const ADMIN: Role[] = ["admin"];

const template = loadTemplateFile();
const SECTIONS = formSections(template).map((s) => s.id);
const MEASURE_CHAPTERS = template.chapters.filter((c) => "measures" in c && c.measures.length > 0).map((c) => c.id);

/**
 * Pages with forms, and the roles that get them (200; the permissions table has the rest).
 * :org, :id and :cid are the page's own organisation copy, its response and its own consultation.
 */
const PAGES: { path: string; roles: Role[] }[] = [
  { path: "/", roles: ALL },
  { path: "/orgs/new", roles: ALL },
  { path: "/account", roles: ALL },
  { path: "/notifications", roles: ALL },
  { path: "/o/:org", roles: ALL },
  { path: "/o/:org/members", roles: ADMIN },
  { path: "/o/:org/security", roles: ADMIN },
  { path: "/o/:org/consultations/new", roles: MANAGERS },
  { path: "/o/:org/consultations/:cid", roles: ALL },
  { path: "/o/:org/consultations/:cid/edit", roles: MANAGERS },
  { path: "/o/:org/r/:id", roles: ALL },
  { path: "/o/:org/r/:id/preview", roles: ALL },
  { path: "/o/:org/r/:id/remaining", roles: ALL },
  { path: "/o/:org/r/:id/work", roles: ALL },
  { path: "/o/:org/r/:id/check", roles: MANAGERS },
  { path: "/o/:org/r/:id/submission", roles: ALL },
  { path: "/o/:org/r/:id/summary", roles: ALL },
  { path: "/o/:org/r/:id/cover", roles: EDITORS },
  { path: "/o/:org/r/:id/move", roles: EDITORS },
  { path: "/o/:org/r/:id/import", roles: EDITORS },
  { path: "/o/:org/r/:id/printout", roles: EDITORS },
  { path: "/o/:org/r/:id/references", roles: ALL },
  { path: "/o/:org/r/:id/compare", roles: ALL },
  { path: "/o/:org/r/:id/history/kap3-tiltak-1.feedback", roles: ALL },
  { path: "/o/:org/r/:id/history/cover.text", roles: ALL },
  // Comment threads: the demo has threads on both (resolve/reopen for editors, reply for members).
  { path: "/o/:org/r/:id/q/kap3.priority", roles: ALL },
  { path: "/o/:org/r/:id/q/kap4-tiltak-1.feedback", roles: ALL },
  ...SECTIONS.map((id) => ({ path: `/o/:org/r/:id/c/${id}`, roles: ALL })),
  ...MEASURE_CHAPTERS.map((id) => ({ path: `/o/:org/r/:id/c/${id}/mine`, roles: POSITION })),
];
/** Signed out; fuzzed last (failed sign-ins throttle the address's sign-ins). */
const PUBLIC_PAGES = ["/signup", "/login"];
const POSTS_PER_FORM = 15;
/** FUZZ_PAGES=<regex>: only those pages (to replay a failure quickly; the full run is the test). */
const only = process.env.FUZZ_PAGES ? new RegExp(process.env.FUZZ_PAGES) : undefined;
/** Posts to each further form of a shape already fuzzed on the page (see FormSpec.shape). */
const POSTS_PER_SAME_SHAPE = 1;

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
  multipart: boolean;
  /** `text`: a free-text control (textarea, text input), where any valid text may be saved. */
  fields: { name: string; value: string; file: boolean; text: boolean }[];
  /** Names it in the report: its intent values, else its id. */
  label: string;
  /**
   * Forms of one shape (same target route, intents and field names; e.g. the position form of
   * each measure, the reply form of each thread) run the same code with other ids: the first is
   * fuzzed POSTS_PER_FORM times, each further one with its own ids once.
   */
  shape: string;
  /** An answer form: it carries answer versions (v.<key>). */
  answers: boolean;
}

/**
 * Forms on a page as a browser would post them: action (resolved) and named controls with values,
 * the controls inside the form and those naming it with a `form` attribute (the section page's
 * answer inputs sit in measure units beside other forms, so they name their form).
 */
const unescapeHtml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_, entity: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'" })[entity]!);

function formsOf(html: string, pagePath: string): FormSpec[] {
  const forms: FormSpec[] = [];
  // A select sends its selected option (or its first), as a browser does: its own tag has no value.
  const selectValue = (from: number, text: string) => {
    const options = text.slice(from, text.indexOf("</select>", from));
    const chosen = options.match(/<option\b[^>]*\bselected\b[^>]*>/) ?? options.match(/<option\b[^>]*>/);
    return chosen?.[0].match(/\bvalue="([^"]*)"/)?.[1] ?? "";
  };
  const controls = (text: string) =>
    [...text.matchAll(/<(input|textarea|select|button)\b([^>]*)>/g)].map((control) =>
      control[1] === "select"
        ? `${control[2]!} value="${selectValue(control.index! + control[0].length, text)}"`
        : control[1] === "textarea"
          ? // A textarea's value is its content (escaped as the page escapes it, so no raw quote).
            `${control[2]!} data-tag="textarea" value="${text.slice(control.index! + control[0].length, text.indexOf("</textarea>", control.index!)).replace(/"/g, "&quot;")}"`
          : `${control[2]!} data-tag="${control[1]}"`,
    );
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
    const fields: FormSpec["fields"] = [];
    const buttons = new Set<string>();
    for (const control of owned) {
      const name = control.match(/\bname="([^"]*)"/)?.[1];
      if (!name) continue;
      // As a browser sends it: checked radios and checkboxes only, one submit button per name.
      if (/type="(radio|checkbox)"/.test(control) && !/\bchecked\b/.test(control)) continue;
      if (/type="submit"/.test(control) || !/type=/.test(control) && /value=/.test(control) && name === "intent") {
        if (buttons.has(name)) continue;
        buttons.add(name);
      }
      const text = /data-tag="textarea"/.test(control) || (/data-tag="input"/.test(control) && (!/\btype=/.test(control) || /type="text"/.test(control)));
      fields.push({ name: name.replace(/&amp;/g, "&"), value: unescapeHtml(control.match(/\bvalue="([^"]*)"/)?.[1] ?? "x"), file: /type="file"/.test(control), text });
    }
    const intents = [...new Set(fields.filter((f) => f.name === "intent").map((f) => f.value))];
    const route = action.replace(/\?.*$/, "").replace(/\/(q|history)\/[^/]+/, "/$1/*");
    forms.push({
      shape: `${route} ${intents.join("|")} ${[...new Set(fields.map((f) => f.name))].sort().join(",")}`,
      action,
      multipart: /multipart\/form-data/i.test(attrs!),
      fields,
      label: intents.length ? `intent=${intents.join("|")}` : id ? `#${id}` : `(${fields.map((f) => f.name).slice(0, 3).join(",")})`,
      answers: fields.some((f) => f.name.startsWith("v.")),
    });
  }
  return forms;
}

/** Hostile values that are still valid text: a free-text field may save them as they are. */
const HOSTILE_TEXT = ["<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "__proto__", "%00%ff", "😀".repeat(500)];

function mutate(form: FormSpec, random: () => number, round: number): URLSearchParams | FormData {
  const body = form.multipart ? new FormData() : new URLSearchParams();
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const add = (name: string, value: string, file: boolean) => {
    if (body instanceof FormData && (file || random() < 0.05)) body.append(name, new Blob([value]), pick(["a.md", "b.pdf", "../x.txt", ""]) || "f");
    else body.append(name, value);
  };
  // The first post to an answer form is that form exactly as the page filled it: it must pass the
  // form's checks (the test counts it), which proves the posts are built from a form the app
  // accepts. The next (the first, for other forms) puts hostile text in one free-text field, which
  // a save may store as it is (or refuse where the field is not asked, e.g. feedback asked only on
  // another answer).
  if (round === 0 && form.answers) {
    form.fields.forEach(({ name, value, file }) => add(name, value, file));
    return body;
  }
  const textFields = form.fields.flatMap((field, i) => (field.text ? [i] : []));
  if (round === (form.answers ? 1 : 0) && textFields.length) {
    const target = pick(textFields);
    form.fields.forEach(({ name, value, file }, i) => add(name, i === target ? pick(HOSTILE_TEXT) : value, file));
    return body;
  }
  // A third of the rest are the form as the page filled it with one field hostile: they pass the
  // form's own checks (versions, intents) and reach the work behind them. The rest break the form
  // everywhere.
  const one = random() < 0.35 ? Math.floor(random() * form.fields.length) : -1;
  form.fields.forEach(({ name, value, file }, i) => {
    if (one >= 0) return add(name, i === one ? pick(HOSTILE) : value, file);
    const roll = random();
    if (roll < 0.15) return; // missing
    if (roll < 0.6) add(name, pick(HOSTILE), file);
    else add(name, value, file);
    if (random() < 0.1) add(name, pick(HOSTILE), file); // duplicated
  });
  if (random() < 0.2) add(pick(["intent", "v.x", "__proto__[x]", "v.__proto__"]), pick(HOSTILE), false);
  return body;
}

describe("fuzzing every form", () => {
  let server: TestServer;
  /** Page path → its organisation copy (slug, response id, own consultation id, e-mail domain). */
  const copies = new Map<string, { slug: string; responseId: number; cid?: string; domain: string }>();

  beforeAll(async () => {
    server = await startServer({ SITE_ADMINS: "admin@demo.no" });
    const db = openDatabase(server.dbFile);
    try {
      for (const [i, page] of PAGES.entries()) {
        const copy = { slug: `fuzz-${i}`, name: `Fuzz ${i}: ${page.path}`, emailDomain: `fuzz${i}.example.no` };
        const seeded = await seedDemo(db, copy);
        if (!seeded) throw new Error(`copy ${copy.slug} exists`);
        copies.set(page.path, { slug: copy.slug, responseId: seeded.responseId, domain: copy.emailDomain });
      }
    } finally {
      sqliteClient(db).close();
    }
    // What some pages need before they show their forms, made through the forms by the copy's admin.
    const post = async (path: string, cookie: string, body: Record<string, string>) => {
      const res = await fetch(server.url + path, { method: "POST", body: new URLSearchParams(body), headers: { cookie }, redirect: "manual" });
      await res.arrayBuffer();
      expect(res.status, path).toBe(302);
      return res;
    };
    for (const page of PAGES.filter((p) => !only || only.test(p.path))) {
      const copy = copies.get(page.path)!;
      const base = `/o/${copy.slug}/r/${copy.responseId}`;
      const admin = () => signIn(server.url, `admin@${copy.domain}`);
      // The organisation's own consultation (its page, its editor); published on the organisation
      // page, where it gets a "start a response" form.
      if (page.path.includes(":cid") || page.path === "/o/:org") {
        const cookie = await admin();
        const added = await post(`/o/${copy.slug}/consultations/new`, cookie, { intent: "upload", source: readFileSync("test/fixtures/consultation-small.yaml", "utf8") });
        copy.cid = added.headers.get("location")!.split("/").pop()!;
        if (page.path === "/o/:org") await post(`/o/${copy.slug}/consultations/${copy.cid}`, cookie, { intent: "publish", status: "published", version: "1" });
      }
      // The demo's sender e-mail is the seed's redacted "----------", which no save accepts: a real
      // address first, so that the sender form as filled reaches the save.
      if (page.path.endsWith("/c/sender"))
        await post(`${base}/c/sender`, await admin(), { intent: "save", "avsender-epost": `post@${copy.domain}`, "v.avsender-epost": "1" });
      // A history with an older revision to restore.
      if (page.path.endsWith("/history/kap3-tiltak-1.feedback"))
        await post(`${base}/c/kap3`, await admin(), { intent: "save", "kap3-tiltak-1__feedback": "Endret før fuzzing", "v.kap3-tiltak-1__feedback": "1" });
      if (page.path.endsWith("/history/cover.text")) {
        const cookie = await admin();
        await post(`${base}/cover`, cookie, { intent: "save", cover__text: "Første utkast", "v.cover__text": "0" });
        await post(`${base}/cover`, cookie, { intent: "save", cover__text: "Andre utkast", "v.cover__text": "1" });
      }
    }
  });
  afterAll(() => server?.stop());

  it(`posts ${POSTS_PER_FORM} hostile variations of every form, as every role, and never gets a 5xx`, { timeout: 1_800_000 }, async () => {
    const random = prng(20261123);
    const failures: string[] = [];
    const posts = new Map<string, number>();
    /** Forms behind each report line (several of one shape on a page: one line). */
    const forms = new Map<string, number>();
    const answerForms = new Map<string, number>();
    /** Posts to an answer form that got past its checks (a redirect or a page, not a 4xx): the fuzz reached the save behind it. */
    const acceptedAnswers = new Map<string, number>();
    /** Answer-form posts with hostile text in a free-text field that the save accepted. */
    let hostileTextSaved = 0;
    const unreachable: string[] = [];
    const sharedDone = new Set<string>();

    const fuzzPage = async (pageKey: string, path: string, who: string, cookie: string) => {
      const res = await fetch(server.url + path, { headers: { cookie }, redirect: "manual" });
      const html = await res.text();
      if (process.env.FUZZ_VERBOSE) console.log(path, who, res.status, formsOf(html, path).length);
      if (res.status !== 200) {
        unreachable.push(`${res.status} ${path} as ${who}`);
        return;
      }
      const shapes = new Set<string>();
      for (const form of formsOf(html, path)) {
        if (form.action === "/logout") continue;
        // A form every page carries (the language switch) is fuzzed once per user, not per page.
        const shared = !form.action.startsWith(path.split("?")[0]!) && !form.action.startsWith("/o/");
        const key = shared ? `${form.action} ${form.label} [${who.replace(/@.*/, "")}]` : `${pageKey} ${form.label} [${who.replace(/@.*/, "")}]`;
        if (shared && sharedDone.has(key)) continue;
        sharedDone.add(key);
        const first = !shapes.has(form.shape);
        shapes.add(form.shape);
        forms.set(key, (forms.get(key) ?? 0) + 1);
        for (let i = 0; i < (first ? POSTS_PER_FORM : POSTS_PER_SAME_SHAPE); i++) {
          const body = mutate(form, random, i);
          for (const suffix of i % 5 === 0 ? ["", ".data"] : [""]) {
            const target = form.action.replace(/(\?|$)/, `${suffix}$1`);
            const out = await fetch(server.url + target, { method: "POST", body, headers: { cookie }, redirect: "manual" });
            await out.arrayBuffer();
            posts.set(key, (posts.get(key) ?? 0) + 1);
            if (form.answers) answerForms.set(key, (answerForms.get(key) ?? 0) + 1);
            if (form.answers && out.status < 400) acceptedAnswers.set(key, (acceptedAnswers.get(key) ?? 0) + 1);
            if (form.answers && i === 1 && out.status < 400) hostileTextSaved += 1;
            if (out.status >= 500) failures.push(`${out.status} ${target} as ${who}: ${body.toString().slice(0, 300)}`);
          }
        }
      }
    };

    for (const page of PAGES.filter((p) => !only || only.test(p.path))) {
      const copy = copies.get(page.path)!;
      const path = page.path.replace(":org", copy.slug).replace(":id", String(copy.responseId)).replace(":cid", copy.cid ?? "");
      for (const role of page.roles) {
        // Each role's own user of the copy (DEMO_USERS: admin@, sekretariat@, styret@, medlem@, leser@).
        const local = { admin: "admin", secretariat: "sekretariat", editor: "styret", member: "medlem", viewer: "leser" }[role];
        const email = `${local}@${copy.domain}`;
        await fuzzPage(page.path, path, email, await signIn(server.url, email));
      }
    }
    // The site administrators' page (SITE_ADMINS), in the demo organisation no other page uses.
    await fuzzPage("/admin/consultations", "/admin/consultations", "admin@demo.no", await signIn(server.url, "admin@demo.no"));
    const control = await signIn(server.url, "leser@demo.no");
    for (const path of PUBLIC_PAGES) await fuzzPage(path, path, "signed out", "");

    const total = [...posts.values()].reduce((a, b) => a + b, 0);
    console.log(
      [
        `fuzz: ${hostileTextSaved} answer posts with hostile text saved`,
        `fuzz: ${total} posts to ${[...forms.values()].reduce((a, b) => a + b, 0)} forms (${posts.size} kinds) on ${PAGES.length + 1 + PUBLIC_PAGES.length} pages, ${answerForms.size} of them answer forms`,
        "  posts forms  page form [user]",
        ...[...posts].map(([key, n]) => `  ${String(n).padStart(5)} ${String(forms.get(key)).padStart(5)}  ${answerForms.has(key) ? `ANSWER FORM (${acceptedAnswers.get(key) ?? 0} accepted) ` : ""}${key}`),
      ].join("\n"),
    );
    expect(unreachable).toEqual([]);
    expect(failures).toEqual([]);
    // Every section's answer form was fuzzed by each role that may edit it.
    for (const section of SECTIONS)
      for (const role of EDITORS) {
        const who = { editor: "styret", secretariat: "sekretariat", admin: "admin" }[role as "editor" | "secretariat" | "admin"];
        const reached = [...answerForms].filter(([key]) => key.startsWith(`/o/:org/r/:id/c/${section} `) && key.endsWith(`[${who}]`));
        expect(reached.length, `${section} as ${role}`).toBeGreaterThan(0);
        for (const [, n] of reached) expect(n).toBeGreaterThanOrEqual(POSTS_PER_FORM);
        // Some of those posts passed the form's own checks and reached the save, with hostile text.
        const accepted = reached.reduce((sum, [key]) => sum + (acceptedAnswers.get(key) ?? 0), 0);
        expect(accepted, `${section} as ${role}: posts that reached the save`).toBeGreaterThan(0);
      }
    // Hostile text went through the save of some answer forms (where the field was asked).
    if (!only) expect(hostileTextSaved).toBeGreaterThan(0);
    // Still serving, and an untouched session still works (no redirect to /login).
    const check = await fetch(server.url + "/o/nmf-demo/r/1", { headers: { cookie: control }, redirect: "manual" });
    await check.text();
    expect(check.status).toBe(200);
    expect(server.output()).not.toMatch(/SQLITE_BUSY|Unexpected Server Error/);
  });
});
