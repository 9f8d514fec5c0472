/**
 * The server with WEB_CONCURRENCY=2 (two worker processes on one database: the SQLite file, or in
 * e2e-pg one PostgreSQL database): concurrent saves from many clients, on their own fields and on
 * shared ones, through both workers. Nothing is lost, nothing fails with SQLITE_BUSY (or, on
 * PostgreSQL, a deadlock or serialization failure), every acknowledged save is exactly one revision.
 * (Before the clustered server lands, WEB_CONCURRENCY is ignored and this checks one process.)
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldName } from "~/lib/section-form/fields";
import { formSections, type FormItem } from "../../consultation/form";
import { lis1Template } from "../support/fixtures";
import { signIn, startServer, type TestServer } from "../support/server";
import { serverDb } from "../support/server-db";
import { decodeSingleFetch, type SaveReply } from "../support/single-fetch";

const RESPONSE = "/o/nmf-demo/r/1";
const OWN_FIELD_CLIENTS = 24;
const SHARED_FIELD_CLIENTS = 12;
const SHARED_FIELDS = 2;
const SAVES_PER_CLIENT = 12;

interface Field {
  item: FormItem;
  field: string;
  page: string;
}

const fields: Field[] = formSections(lis1Template()).flatMap((section) =>
  section.items
    .filter((item) => item.answerType === "text" && !item.askedWhen)
    .map((item) => ({ item, field: fieldName(item.key), page: `${RESPONSE}/c/${section.id}` })),
);

describe("two workers on one SQLite file", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ WEB_CONCURRENCY: "2" });
  });
  afterAll(() => server?.stop());

  it("concurrent saves lose nothing and never hit SQLITE_BUSY", async () => {
    expect(fields.length).toBeGreaterThanOrEqual(OWN_FIELD_CLIENTS + SHARED_FIELDS);
    const users = ["styret@demo.no", "sekretariat@demo.no", "admin@demo.no"];
    const cookies = await Promise.all(users.map((u) => signIn(server.url, u)));

    // What each client read: the `v.<field>` version inputs of the section pages.
    const versions = new Map<string, number>();
    for (const page of new Set(fields.map((f) => f.page))) {
      const html = await (await fetch(server.url + page, { headers: { cookie: cookies[0]! } })).text();
      for (const m of html.matchAll(/name="v\.([^"]+)"[^>]*value="(\d+)"/g)) versions.set(m[1]!, Number(m[2]));
    }

    const shared = fields.slice(0, SHARED_FIELDS);
    const own = fields.slice(SHARED_FIELDS, SHARED_FIELDS + OWN_FIELD_CLIENTS);
    const clients = [...own, ...Array.from({ length: SHARED_FIELD_CLIENTS }, (_, i) => shared[i % SHARED_FIELDS]!)];
    const acknowledged = new Map<string, string[]>(); // answer key -> values acknowledged with 2xx
    const statuses = new Map<number, number>();

    await Promise.all(
      clients.map(async ({ item, field, page }, client) => {
        let base = versions.get(field) ?? 0;
        for (let n = 0; n < SAVES_PER_CLIENT; n++) {
          const value = `klient ${client} lagring ${n}`;
          const body = new URLSearchParams({ intent: "save", autosave: "1", [field]: value, [`v.${field}`]: String(base) });
          const res = await fetch(`${server.url}${page}.data`, { method: "POST", body, headers: { cookie: cookies[client % cookies.length]! } });
          const text = await res.text();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) continue;
          const reply = decodeSingleFetch(text) as SaveReply;
          if (res.status === 200) {
            expect(reply.versions?.[field]).toBeGreaterThan(base);
            base = reply.versions![field]!;
            acknowledged.set(item.key, [...(acknowledged.get(item.key) ?? []), value]);
          } else {
            expect(res.status).toBe(409);
            // As the merge view does: the next save names the version just shown.
            base = reply.conflicts!.find((c) => c.field === field)!.theirVersion;
          }
        }
      }),
    );

    const summary = Object.fromEntries(statuses);
    expect([...statuses.keys()].filter((s) => s !== 200 && s !== 409), JSON.stringify(summary)).toEqual([]);
    expect(server.output()).not.toMatch(/SQLITE_BUSY|database is locked|deadlock detected|could not serialize access/i);
    // Clients on their own field never conflict: all their saves went through.
    for (const { item } of own) expect(acknowledged.get(item.key)).toHaveLength(SAVES_PER_CLIENT);
    expect(statuses.get(409) ?? 0).toBeGreaterThan(0); // the shared fields really were contended

    const db = await serverDb(server.dbFile, { readonly: true });
    try {
      for (const { item } of [...shared, ...own]) {
        const revisions = await db.all<{ version: number; value: string; source: string }>(
          `select r.version, r.value, r.source from answer_revisions r join answers a on a.id = r.answer_id
           where a.question_key = ? and a.response_id = 1 order by r.version`,
          item.key,
        );
        const answer = (await db.get<{ version: number }>("select version from answers where question_key = ? and response_id = 1", item.key))!;
        // Versions contiguous from 1, the answer at the newest one.
        expect(revisions.map((r) => r.version)).toEqual(revisions.map((_, i) => i + 1));
        expect(answer.version).toBe(revisions.length);
        // Every acknowledged save is exactly one revision, and every form revision was acknowledged.
        const saved = revisions.filter((r) => r.source === "form").map((r) => JSON.parse(r.value) as string);
        expect(saved.sort()).toEqual([...(acknowledged.get(item.key) ?? [])].sort());
      }
    } finally {
      await db.close();
    }
  });

  it("both workers serve requests (bytes each wrote, counted); a killed worker is replaced; SIGTERM stops them all", async () => {
    const workersOf = (pid: number) =>
      execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" }).split(/\s+/).filter(Boolean).map(Number);
    const written = (pid: number) => Number(/^wchar:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, "utf8"))![1]);
    const workers = workersOf(server.pid);
    expect(workers).toHaveLength(2);
    const page = await (await fetch(`${server.url}/login`)).text();
    const before = workers.map(written);
    // Many connections at once: the primary hands them to the workers in turn.
    await Promise.all(
      Array.from({ length: 120 }, async () => {
        const res = await fetch(`${server.url}/login`, { headers: { connection: "close" } });
        expect(res.status).toBe(200);
        await res.text();
      }),
    );
    const grew = workers.map((pid, i) => written(pid) - before[i]!);
    // Each wrote at least ten pages' worth: both served.
    for (const bytes of grew) expect(bytes, `bytes written by each worker: ${grew.join(", ")}`).toBeGreaterThan(10 * page.length);

    process.kill(workers[0]!, "SIGKILL");
    let now = workersOf(server.pid);
    for (let i = 0; i < 150 && !(now.length === 2 && !now.includes(workers[0]!)); i++) {
      await new Promise((r) => setTimeout(r, 200));
      now = workersOf(server.pid);
    }
    expect(now).toHaveLength(2);
    expect(now).not.toContain(workers[0]);
    expect(now).toContain(workers[1]);
    expect(server.output()).toMatch(new RegExp(`Worker ${workers[0]} exited \\(SIGKILL\\); starting a new one`));
    for (let i = 0; i < 20; i++) expect((await fetch(`${server.url}/login`, { headers: { connection: "close" } })).status).toBe(200);

    await server.stop(); // SIGTERM to the primary, and waits for it to exit
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(now.filter(alive)).toEqual([]);
  });
});
