// The browser's JavaScript carries no server code: no drizzle schema or query builder, no database
// driver, no server settings. A value import from db/ in a browser module (a constant next to a
// table) once pulled the whole schema and drizzle into chapter 3's first load (+7.6 kB brotli).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const assets = path.resolve("build/client/assets");

/** Marks only server code contains: drizzle's entity tag, the drivers, the database settings. */
const SERVER_ONLY = ["drizzle:entityKind", "better-sqlite3", "node-postgres", "DATABASE_URL", "SESSION_SECRET"];

describe("the client build (npm run build)", () => {
  const files = readdirSync(assets).filter((f) => f.endsWith(".js"));

  it("has the route modules it serves", () => {
    expect(files.some((f) => f.startsWith("o._org.r._responseId.c._sectionId-"))).toBe(true);
  });

  it("holds no server-only code in any chunk", () => {
    const found = files.flatMap((f) => {
      const text = readFileSync(path.join(assets, f), "utf8");
      return SERVER_ONLY.filter((mark) => text.includes(mark)).map((mark) => `${f}: ${mark}`);
    });
    expect(found).toEqual([]);
  });
});
