/**
 * A site administrator sees the backups in BACKUP_DIR and downloads one (issue 23): the listing,
 * "take a backup now", a download that opens as SQLite and passes integrity_check, 404 for anyone
 * else and for any name that is not a listed backup (paths, `..`, other files, a link), the page
 * without BACKUP_DIR, and the backup age and outbox depth in /metrics.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchContext, signInWithForm } from "../support/browser";
import { formRequest, signIn, startServer, type TestServer } from "../support/server";

const NAME = /^workbench-\d{8}T\d{6}Z\.sqlite$/;
const HOUR = 3_600_000;

function metric(text: string, name: string): string | undefined {
  return text.match(new RegExp(`^${name} (\\S+)$`, "m"))?.[1];
}

async function until(condition: () => boolean, what: string) {
  // A liveness wait (the scheduler's first run), not a speed claim: generous for a busy machine.
  const deadline = Date.now() + 90_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("backups for the site administrator (BACKUP_DIR set)", () => {
  let server: TestServer;
  let backupDir: string;
  let admin: string;
  let editor: string;
  let member: string;
  const get = async (p: string, cookie?: string) => {
    const res = await fetch(server.url + p, { headers: cookie ? { cookie } : {}, redirect: "manual" });
    return { res, body: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    backupDir = mkdtempSync(path.join(tmpdir(), "hs-backups-"));
    // BACKUP_INTERVAL 1d: the schedule takes one backup at start (there is none) and no other during the test.
    server = await startServer({ SITE_ADMINS: "admin@demo.no", BACKUP_DIR: backupDir, BACKUP_INTERVAL: "1d", BACKUP_KEEP: "5" });
    [admin, editor, member] = await Promise.all([signIn(server.url, "admin@demo.no"), signIn(server.url, "styret@demo.no"), signIn(server.url, "medlem@demo.no")]);
    await until(() => readdirSync(backupDir).some((n) => NAME.test(n)), "the scheduled backup at start");
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(backupDir, { recursive: true, force: true });
  });

  it("lists the scheduled backup with its size and age, and takes one more on request", async () => {
    const page = await formRequest(server.url, "/admin/backups", { cookie: admin });
    expect(page.res.status).toBe(200);
    expect(page.html).toContain("Sikkerhetskopier");
    expect(page.html).toContain(backupDir);
    expect(page.html).toContain("hver 1d og beholder de 5 nyeste");
    const first = readdirSync(backupDir).find((n) => NAME.test(n))!;
    expect(page.html).toContain(`href="/admin/backups/${first}"`);
    expect(page.html).toMatch(/\d+ KiB/);
    expect(page.html).toMatch(/\d+ min/);

    // The schedule's backup and ours could fall in the same second: then ours is refused (409) and we try again.
    let taken = await formRequest(server.url, "/admin/backups", { cookie: admin, body: { intent: "backup" } });
    if (taken.res.status === 409) {
      await new Promise((r) => setTimeout(r, 1100));
      taken = await formRequest(server.url, "/admin/backups", { cookie: admin, body: { intent: "backup" } });
    }
    expect(taken.res.status).toBe(200);
    expect(taken.html).toMatch(/Sikkerhetskopien workbench-\d{8}T\d{6}Z\.sqlite er tatt og kontrollert/);
    expect(readdirSync(backupDir).filter((n) => NAME.test(n))).toHaveLength(2);
    expect((await formRequest(server.url, "/admin/backups", { cookie: admin, body: { intent: "nonsense" } })).res.status).toBe(400);
  });

  it("downloads a listed backup: a whole SQLite database that passes integrity_check", async () => {
    const names = readdirSync(backupDir).filter((n) => NAME.test(n));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const { res, body } = await get(`/admin/backups/${name}`, admin);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${name}"`);
      expect(res.headers.get("cache-control")).toBe("private, no-store");
      expect(body.subarray(0, 16).toString("latin1")).toBe("SQLite format 3\0");
      const copy = path.join(server.dir, `downloaded-${name}`);
      writeFileSync(copy, body);
      const db = new Database(copy, { readonly: true, fileMustExist: true });
      try {
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
        expect(db.prepare("select count(*) as n from users where email = 'admin@demo.no'").get()).toEqual({ n: 1 });
      } finally {
        db.close();
      }
    }
  });

  it("anyone but a site administrator gets 404 for the page, the button and a download; signed out goes to sign-in", async () => {
    const name = readdirSync(backupDir).find((n) => NAME.test(n))!;
    const before = readdirSync(backupDir).length;
    for (const cookie of [editor, member]) {
      expect((await get("/admin/backups", cookie)).res.status).toBe(404);
      const download = await get(`/admin/backups/${name}`, cookie);
      expect(download.res.status).toBe(404);
      expect(download.body.subarray(0, 6).toString()).not.toBe("SQLite");
      expect((await formRequest(server.url, "/admin/backups", { cookie, body: { intent: "backup" } })).res.status).toBe(404);
    }
    expect(readdirSync(backupDir).length).toBe(before);
    expect((await get("/admin/backups")).res.status).toBe(302);
    expect((await get(`/admin/backups/${name}`)).res.status).toBe(302);
  });

  it("refuses every name that is not a listed backup: paths, `..`, other files, a link named like a backup", async () => {
    writeFileSync(path.join(backupDir, "notes.txt"), "not a backup");
    mkdirSync(path.join(backupDir, "workbench-20200101T000000Z.sqlite.d"), { recursive: true });
    // A link that looks like a backup but points at the live database.
    symlinkSync(server.dbFile, path.join(backupDir, "workbench-20200102T000000Z.sqlite"));
    const live = path.basename(server.dbFile);
    const names = [
      "notes.txt",
      "workbench-20200102T000000Z.sqlite",
      "workbench-20200101T000000Z.sqlite.d",
      "workbench-20990101T000000Z.sqlite",
      `..%2F${path.basename(server.dir)}%2F${live}`,
      `..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd`,
      "%2Fetc%2Fpasswd",
      "%2e%2e",
      `workbench-20200101T000000Z.sqlite%2F..%2F..%2F${live}`,
      "workbench-20200101T000000Z.sqlite%00.txt",
    ];
    for (const name of names) {
      const { res, body } = await get(`/admin/backups/${name}`, admin);
      expect([400, 404], name).toContain(res.status);
      expect(body.subarray(0, 6).toString(), name).not.toBe("SQLite");
    }
    // A path with real slashes is another route (none): 404 too.
    const nested = await get(`/admin/backups/../../${live}`, admin);
    expect(nested.body.subarray(0, 6).toString()).not.toBe("SQLite");
    // The link is not listed either.
    const page = await formRequest(server.url, "/admin/backups", { cookie: admin });
    expect(page.html).not.toContain("workbench-20200102T000000Z.sqlite");
  });

  it("reports the newest backup's age, the number of backups and the outbox depth in /metrics", async () => {
    // The two backups get times of our choosing: the newest taken two hours ago, the other 30 days
    // ago. The age must be the newest one's, in seconds: not the oldest's, not 0, not milliseconds.
    const [newest, older] = readdirSync(backupDir).filter((n) => NAME.test(n)).sort().reverse();
    const newestAt = Math.floor((Date.now() - 2 * HOUR) / 1000) * 1000;
    const olderAt = newestAt - 30 * 24 * HOUR;
    utimesSync(path.join(backupDir, newest!), newestAt / 1000, newestAt / 1000);
    utimesSync(path.join(backupDir, older!), olderAt / 1000, olderAt / 1000);
    const before = Date.now();
    const text = await (await fetch(server.url + "/metrics")).text();
    const after = Date.now();
    const age = Number(metric(text, "hs_backup_age_seconds"));
    // Read between `before` and `after`: the age lies between the two, measured from newestAt.
    expect(age).toBeGreaterThanOrEqual((before - newestAt) / 1000);
    expect(age).toBeLessThanOrEqual((after - newestAt) / 1000);
    // The two backups; the link named like one is not counted.
    expect(metric(text, "hs_backups")).toBe("2");
    expect(Number(metric(text, "hs_mail_outbox_depth"))).toBeGreaterThanOrEqual(0);
    expect(text).toContain("# HELP hs_backup_age_seconds Seconds since the newest backup");
  });

  it("in the browser: the site administrator finds the page, takes a backup and downloads it", async () => {
    const context = await launchContext();
    try {
      const page = await context.newPage();
      await signInWithForm(page, server.url, "admin@demo.no");
      await page.goto(server.url + "/o/nmf-demo");
      await page.getByRole("link", { name: "Sikkerhetskopier" }).click();
      await page.waitForURL(server.url + "/admin/backups");
      await new Promise((r) => setTimeout(r, 1100)); // a new second, so the new backup has a name of its own
      await page.getByRole("button", { name: "Ta en sikkerhetskopi nå" }).click();
      await page.getByRole("status").filter({ hasText: "er tatt og kontrollert" }).waitFor();
      const link = page.getByRole("link", { name: /^Last ned workbench-/ }).first();
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      const saved = path.join(server.dir, "browser-download.sqlite");
      await download.saveAs(saved);
      const db = new Database(saved, { readonly: true, fileMustExist: true });
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      db.close();
    } finally {
      await context.close();
    }
  });
});

describe("backups page without BACKUP_DIR", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ SITE_ADMINS: "admin@demo.no", BACKUP_DIR: "" });
  });
  afterAll(() => server?.stop());

  it("says clearly that backups are not turned on, refuses the button, and /metrics has no backup age", async () => {
    const admin = await signIn(server.url, "admin@demo.no");
    const page = await formRequest(server.url, "/admin/backups", { cookie: admin });
    expect(page.res.status).toBe(200);
    expect(page.html).toContain("Automatiske sikkerhetskopier er ikke slått på. Sett BACKUP_DIR");
    const button = await formRequest(server.url, "/admin/backups", { cookie: admin, body: { intent: "backup" } });
    expect(button.res.status).toBe(400);
    const download = await fetch(`${server.url}/admin/backups/workbench-20260101T000000Z.sqlite`, { headers: { cookie: admin } });
    await download.arrayBuffer();
    expect(download.status).toBe(404);
    const text = await (await fetch(server.url + "/metrics")).text();
    expect(text).not.toContain("hs_backup_age_seconds");
    expect(metric(text, "hs_mail_outbox_depth")).toBe("0");
  });
});

describe("/metrics with two workers (the production default on two cores)", () => {
  let server: TestServer;
  let backupDir: string;
  beforeAll(async () => {
    backupDir = mkdtempSync(path.join(tmpdir(), "hs-backups-"));
    server = await startServer({ WEB_CONCURRENCY: "2", BACKUP_DIR: backupDir, BACKUP_INTERVAL: "1d" });
    await until(() => readdirSync(backupDir).some((n) => NAME.test(n)), "the scheduled backup at start");
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(backupDir, { recursive: true, force: true });
  });

  it("adds up the workers' metrics: saves, outbox depth and the backup age", async () => {
    const cookie = await signIn(server.url, "styret@demo.no");
    // A few saves, spread over both workers by the cluster's round robin.
    const html = await (await fetch(`${server.url}/o/nmf-demo/r/1/c/kap3`, { headers: { cookie } })).text();
    let version = Number(html.match(/name="v\.kap3-tiltak-1__feedback"[^>]*value="(\d+)"/)![1]);
    for (let i = 0; i < 4; i++) {
      const body = new URLSearchParams({ intent: "save", autosave: "1", "kap3-tiltak-1__feedback": `måling ${i}`, "v.kap3-tiltak-1__feedback": String(version) });
      const res = await fetch(`${server.url}/o/nmf-demo/r/1/c/kap3.data`, { method: "POST", body, headers: { cookie, origin: server.url } });
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      version++;
    }
    // The backup gets a time of our choosing, five hours ago: the age every scrape reports is measured from it.
    const [backup] = readdirSync(backupDir).filter((n) => NAME.test(n));
    const takenAt = Math.floor((Date.now() - 5 * HOUR) / 1000) * 1000;
    utimesSync(path.join(backupDir, backup!), takenAt / 1000, takenAt / 1000);
    // Each scrape is answered by either worker, which asks the primary for the sum: exactly the
    // four saves above, counted once whichever worker took them.
    for (let i = 0; i < 4; i++) {
      const before = Date.now();
      const res = await fetch(server.url + "/metrics");
      const text = await res.text();
      const after = Date.now();
      expect(res.status).toBe(200);
      expect(metric(text, "hs_saves_total")).toBe("4");
      expect(metric(text, "hs_mail_outbox_depth")).toMatch(/^\d+$/);
      const age = Number(metric(text, "hs_backup_age_seconds"));
      expect(age).toBeGreaterThanOrEqual((before - takenAt) / 1000);
      expect(age).toBeLessThanOrEqual((after - takenAt) / 1000);
      expect(metric(text, "hs_backups")).toBe("1");
    }
  });
});
