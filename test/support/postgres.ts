/**
 * A real PostgreSQL for tests. `testDatabase()` gives each test file a fresh, empty database:
 * - with TEST_POSTGRES_URL (e.g. postgresql://postgres@localhost/postgres, a role that may CREATE
 *   DATABASE) it creates a uniquely named database on that server and drops it afterwards;
 * - without, it starts a throwaway cluster (initdb + pg_ctl from Debian's postgresql package, found
 *   in /usr/lib/postgresql/<newest version>/bin, or PG_BIN) in a temporary folder, listening only on
 *   a Unix socket there, run as the `postgres` user when the tests run as root (initdb refuses root),
 *   and stops and removes it afterwards (also if the test process exits without afterAll).
 *
 * Usage, once per file:
 *   let pg: TestDatabase;
 *   beforeAll(async () => { pg = await testDatabase(); }, 120_000);
 *   afterAll(() => pg?.close());
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";

export interface TestDatabase {
  /** postgresql:// URL of this file's database. */
  url: string;
  /** The database's name. */
  name: string;
  /** Another fresh, empty database on the same server (dropped by close()). */
  another(): Promise<string>;
  /** Drops the databases, and stops and removes the cluster if this started one. */
  close(): Promise<void>;
}

/** The server binaries: PG_BIN, else the newest /usr/lib/postgresql/<version>/bin with initdb. */
export function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  if (!versions.length) {
    throw new Error(
      "PostgreSQL server binaries not found in /usr/lib/postgresql/<version>/bin: install Debian's postgresql package " +
        "(./test.sh does as root), or set PG_BIN to the folder with initdb and pg_ctl, or TEST_POSTGRES_URL to a server.",
    );
  }
  return path.join(root, versions[0]!, "bin");
}

export interface Cluster {
  /** Connection URL of the `postgres` maintenance database. */
  adminUrl: string;
  stop(): void;
}

/** Runs a server binary, as `postgres` when we are root (initdb and postgres refuse root). */
function runAsOwner(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const res = spawnSync(cmd, argv, { encoding: "utf8" });
  if (res.status !== 0) {
    throw new Error(`${path.basename(bin)} ${args.join(" ")} failed (${res.status}): ${res.stderr || res.stdout || res.error}`);
  }
}

export function startCluster(): Cluster {
  const bin = postgresBinDir();
  const dir = mkdtempSync(path.join(tmpdir(), "hs-pg-"));
  const data = path.join(dir, "data");
  if (process.getuid?.() === 0) {
    execFileSync("chown", ["postgres:", dir]);
  }
  chmodSync(dir, 0o700);
  const superuser = process.getuid?.() === 0 ? "postgres" : userInfo().username;
  runAsOwner(path.join(bin, "initdb"), ["-D", data, "-U", superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  // Only a Unix socket in the cluster's own folder: no port to collide with other test files.
  // fsync off: a throwaway cluster need not survive power loss.
  const opts = `-c listen_addresses='' -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  runAsOwner(path.join(bin, "pg_ctl"), ["-D", data, "-l", path.join(dir, "log"), "-o", opts, "-w", "-t", "60", "start"]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", stop);
    try {
      runAsOwner(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.on("exit", stop);
  return { adminUrl: `postgresql://${superuser}@/postgres?host=${encodeURIComponent(dir)}`, stop };
}

/** The URL of database `name` on the server of `adminUrl`. */
export function databaseUrl(adminUrl: string, name: string): string {
  // Not `new URL()`: a socket URL has no host (postgresql://user@/db?host=/path).
  const m = /^(postgres(?:ql)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/.exec(adminUrl);
  if (!m) throw new Error(`not a postgresql:// URL: ${adminUrl}`);
  return `${m[1]}/${name}${m[2] ?? ""}`;
}

/** One statement as the cluster's superuser (create or drop a database). */
export async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function testDatabase(): Promise<TestDatabase> {
  const given = process.env.TEST_POSTGRES_URL;
  const cluster = given ? undefined : startCluster();
  const adminUrl = given ?? cluster!.adminUrl;
  const created: string[] = [];
  const create = async () => {
    const name = `hs_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    await adminQuery(adminUrl, `create database "${name}"`);
    created.push(name);
    return name;
  };
  try {
    const name = await create();
    return {
      name,
      url: databaseUrl(adminUrl, name),
      another: async () => databaseUrl(adminUrl, await create()),
      async close() {
        try {
          if (!cluster) {
            for (const db of created) await adminQuery(adminUrl, `drop database if exists "${db}" with (force)`);
          }
        } finally {
          cluster?.stop();
        }
      },
    };
  } catch (e) {
    cluster?.stop();
    throw e;
  }
}
