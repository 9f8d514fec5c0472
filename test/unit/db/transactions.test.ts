/**
 * The transaction guarantees of the async data layer on SQLite (decision 84): all-or-nothing,
 * BEGIN IMMEDIATE, transactions of a process serialised, other statements never joining an open
 * transaction, and the guard that fails a transaction still open at the next macrotask.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, transaction, TransactionOverrunError, type Db } from "../../../db/client";
import { sqliteClient } from "../../../db/engine/sqlite";
import { organisations } from "../../../db/schema";
import { transactionOverrun } from "../../support/server";

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "hs-tx-"));
  db = openDatabase(path.join(dir, "tx.sqlite"));
});
afterEach(async () => {
  await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

const slugs = async (handle: Db = db) => (await handle.select({ slug: organisations.slug }).from(organisations).orderBy(organisations.slug)).map((r) => r.slug);
const add = (handle: Db, slug: string) => handle.insert(organisations).values({ name: slug, slug });
const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

describe("transaction(db, fn) on SQLite", () => {
  it("commits every write, and returns the callback's value", async () => {
    const value = await transaction(db, async (tx) => {
      await add(tx, "a");
      await add(tx, "b");
      return 42;
    });
    expect(value).toBe(42);
    expect(await slugs()).toEqual(["a", "b"]);
  });

  it("rolls back every write when the callback throws (no partial writes)", async () => {
    await expect(
      transaction(db, async (tx) => {
        await add(tx, "a");
        await add(tx, "a"); // unique slug: throws
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect(await slugs()).toEqual([]);
    expect(sqliteClient(db).inTransaction).toBe(false);
  });

  it("takes the write lock at BEGIN (BEGIN IMMEDIATE): another connection cannot write meanwhile", async () => {
    const other = openDatabase(sqliteClient(db).name);
    sqliteClient(other).pragma("busy_timeout = 0");
    try {
      await transaction(db, async () => {
        // No statement yet: only IMMEDIATE holds the lock now.
        expect(() => sqliteClient(other).prepare("insert into organisations (name, slug) values ('x', 'x')").run()).toThrow(/locked|busy/i);
      });
    } finally {
      await closeDatabase(other);
    }
  });

  it("serialises two concurrent transactions of one process", async () => {
    const steps: string[] = [];
    const run = (name: string) =>
      transaction(db, async (tx) => {
        for (let i = 0; i < 3; i++) {
          steps.push(`${name}${i}`);
          await add(tx, `${name}${i}`);
          await ticks(3);
        }
      });
    await Promise.all([run("a"), run("b")]);
    expect(steps).toEqual(["a0", "a1", "a2", "b0", "b1", "b2"]);
    expect(await slugs()).toHaveLength(6);
  });

  it("another request's statements never join an open transaction (reads see no uncommitted row, writes survive its rollback)", async () => {
    let seen: string[] | undefined;
    let written: Promise<unknown> | undefined;
    const failing = transaction(db, async (tx) => {
      await add(tx, "uncommitted");
      // Another request, between two awaits of this transaction:
      void slugs().then((s) => (seen = s));
      written = add(db, "outside");
      await ticks(10);
      throw new Error("changed my mind");
    });
    await expect(failing).rejects.toThrow("changed my mind");
    await written;
    expect(seen).toEqual([]);
    expect(await slugs()).toEqual(["outside"]);
  });

  it("fails loudly and writes nothing when the callback awaits real I/O (the next macrotask)", async () => {
    await expect(
      transaction(db, async (tx) => {
        await add(tx, "before-io");
        await new Promise((resolve) => setTimeout(resolve, 5));
        await add(tx, "after-io");
      }),
    ).rejects.toBeInstanceOf(TransactionOverrunError);
    expect(await slugs()).toEqual([]);
    // The connection is usable again.
    await transaction(db, (tx) => add(tx, "later"));
    expect(await slugs()).toEqual(["later"]);
  });

  it("fails loudly when the callback uses db instead of tx (it would wait for itself)", async () => {
    await expect(
      transaction(db, async (tx) => {
        await add(tx, "a");
        await add(db, "b");
      }),
    ).rejects.toBeInstanceOf(TransactionOverrunError);
    await ticks(5);
    expect(await slugs()).toEqual(["b"]); // the waiting plain statement ran after the rollback
  });

  it("a transaction handle cannot be used after its transaction", async () => {
    let leaked: Db | undefined;
    await transaction(db, async (tx) => {
      leaked = tx;
    });
    await expect(add(leaked!, "late")).rejects.toThrow(/after its transaction ended/);
  });

  it("nests as a savepoint: an inner failure rolls back the inner writes only", async () => {
    await transaction(db, async (tx) => {
      await add(tx, "outer");
      await expect(
        transaction(tx, async (inner) => {
          await add(inner, "inner");
          throw new Error("inner fails");
        }),
      ).rejects.toThrow("inner fails");
      expect(await slugs(tx)).toEqual(["outer"]);
    });
    expect(await slugs()).toEqual(["outer"]);
    expect((await db.select().from(organisations).where(eq(organisations.slug, "inner"))).length).toBe(0);
  });

  describe("the guard's mode (DB_TRANSACTION_GUARD), as the e2e servers run it", () => {
    const env = process.env as Record<string, string | undefined>;
    const saved = { node: env.NODE_ENV, guard: env.DB_TRANSACTION_GUARD };
    afterEach(() => {
      for (const [key, value] of [["NODE_ENV", saved.node], ["DB_TRANSACTION_GUARD", saved.guard]] as const)
        if (value === undefined) delete env[key];
        else env[key] = value;
    });
    const overrun = (handle: Db) =>
      transaction(handle, async (tx) => {
        await add(tx, "x");
        await new Promise((resolve) => setTimeout(resolve, 5));
      });
    /** Opens a second connection (the mode is read when a connection opens) with console.error captured. */
    async function withMode(vars: Record<string, string | undefined>, run: (handle: Db) => Promise<unknown>) {
      for (const [key, value] of Object.entries(vars))
        if (value === undefined) delete env[key];
        else env[key] = value;
      const handle = openDatabase(path.join(dir, "mode.sqlite"));
      const logged: string[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => void logged.push(args.map(String).join(" "));
      try {
        return { outcome: await run(handle).then(() => "committed", (error: unknown) => error), logged: logged.join("\n"), handle };
      } finally {
        console.error = original;
      }
    }

    it("production without the variable only logs an overrun (the transaction commits)", async () => {
      const { outcome, logged, handle } = await withMode({ NODE_ENV: "production", DB_TRANSACTION_GUARD: undefined }, overrun);
      expect(outcome).toBe("committed");
      expect(await slugs(handle)).toEqual(["x"]);
      expect(transactionOverrun(logged)).toBeDefined(); // what the e2e servers' stop() looks for
      await closeDatabase(handle);
    });

    it("DB_TRANSACTION_GUARD=strict fails it even in production (the e2e servers), and it is reported", async () => {
      const { outcome, logged, handle } = await withMode({ NODE_ENV: "production", DB_TRANSACTION_GUARD: "strict" }, overrun);
      expect(outcome).toBeInstanceOf(TransactionOverrunError);
      expect(await slugs(handle)).toEqual([]);
      expect(transactionOverrun(logged)).toBeDefined();
      expect(transactionOverrun("GET /o/demo 200")).toBeUndefined();
      await closeDatabase(handle);
    });
  });
});
