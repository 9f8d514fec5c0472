/**
 * Which database engines a benchmark runs on, and a fresh database on each (issue 25: the same
 * bench on SQLite and PostgreSQL, side by side in one run).
 *
 * - SQLite: a file in the folder the bench gives (the default, unchanged).
 * - PostgreSQL: BENCH_POSTGRES_URL (a role that may CREATE DATABASE, e.g.
 *   postgresql://postgres@/postgres?host=/var/run/postgresql), else a throwaway cluster started the
 *   way the tests start one (test/support/postgres.ts `startCluster`: initdb in a temporary folder,
 *   Unix socket only, as `postgres` when root). Each `fresh()` is a new database; `close()` drops
 *   the databases it made on a given server, or stops and removes the cluster (also on exit).
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { adminQuery, databaseUrl, startCluster } from "../test/support/postgres";

export type Engine = "sqlite" | "postgres";

export const ENGINE_LABEL: Record<Engine, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };

/** A comma-separated engine list from the environment ("sqlite", "postgres", "sqlite,postgres"). */
export function enginesFrom(value: string | undefined, fallback = "sqlite"): Engine[] {
  const names = (value?.trim() || fallback).split(",").map((e) => e.trim().toLowerCase()).filter(Boolean);
  const engines = names.map((e) => {
    if (e === "sqlite") return "sqlite" as const;
    if (e === "postgres" || e === "postgresql" || e === "pg") return "postgres" as const;
    throw new Error(`unknown engine "${e}": use sqlite and/or postgres`);
  });
  return [...new Set(engines)];
}

export interface EngineHost {
  engine: Engine;
  /** Where the databases live, for the report: "temporary file", "throwaway cluster (Unix socket)", or the given server. */
  where: string;
  /** A fresh, empty database: a SQLite file path in `dir`, or a postgresql:// URL. */
  fresh(dir: string): Promise<string>;
  close(): Promise<void>;
}

/** Opens an engine for a bench run: nothing to do for SQLite; a PostgreSQL server for postgres. */
export function openEngine(engine: Engine): EngineHost {
  if (engine === "sqlite") {
    return { engine, where: "a temporary file", fresh: async (dir) => path.join(dir, "bench.sqlite"), close: async () => {} };
  }
  const given = process.env.BENCH_POSTGRES_URL;
  const cluster = given ? undefined : startCluster();
  const adminUrl = given ?? cluster!.adminUrl;
  const created: string[] = [];
  return {
    engine,
    where: given ? `BENCH_POSTGRES_URL (${given.replace(/:[^:@/]*@/, ":…@")})` : "a throwaway cluster on a Unix socket (test/support/postgres.ts)",
    async fresh() {
      const name = `hs_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
      await adminQuery(adminUrl, `create database "${name}"`);
      created.push(name);
      return databaseUrl(adminUrl, name);
    },
    async close() {
      try {
        if (given) for (const name of created.splice(0)) await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
      } finally {
        cluster?.stop();
      }
    },
  };
}
