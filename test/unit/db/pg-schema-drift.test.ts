/**
 * The PostgreSQL schema (db/pg/schema.ts) must not drift from the SQLite one (db/schema.ts): same
 * tables, columns (storage family, NOT NULL, default present, primary key, autoincrement),
 * indexes (name, columns, unique), foreign keys (columns, target, ON DELETE). Fast: drizzle's
 * definitions only. test/unit/db/pg-schema-drift-db.test.ts compares the migrated databases.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as pgSchema from "../../../db/pg/schema";
import { diffShapes, foreignKeyOrder, shapeFromDrizzle, type SchemaShape } from "../../../db/pg/shape";
import * as sqliteSchema from "../../../db/schema";

const sqliteShape = shapeFromDrizzle(sqliteSchema);
const pgShape = shapeFromDrizzle(pgSchema);

/** A copy of a shape with one change made by `edit` on the named table. */
function edited(shape: SchemaShape, table: string, edit: (t: SchemaShape["tables"][number]) => void): SchemaShape {
  const copy = structuredClone(shape);
  const t = copy.tables.find((x) => x.name === table);
  if (!t) throw new Error(`no table ${table}`);
  edit(t);
  return copy;
}

describe("PostgreSQL schema vs SQLite schema (drizzle definitions)", () => {
  it("has every table of the SQLite schema, and no other", () => {
    expect(pgShape.tables.map((t) => t.name)).toEqual(sqliteShape.tables.map((t) => t.name));
    expect(sqliteShape.tables.length).toBe(30);
  });

  it("has no differences", () => {
    expect(diffShapes(sqliteShape, pgShape)).toEqual([]);
  });

  it("reads something real from both: keys, indexes, foreign keys", () => {
    for (const shape of [sqliteShape, pgShape]) {
      const memberships = shape.tables.find((t) => t.name === "memberships")!;
      expect(memberships.primaryKey).toEqual(["organisation_id", "user_id"]);
      const users = shape.tables.find((t) => t.name === "users")!;
      expect(users.indexes).toEqual([{ name: "users_email_unique", columns: ["email"], unique: true }]);
      expect(users.columns.find((c) => c.name === "id")).toMatchObject({ primaryKey: true, autoIncrement: true, hasDefault: false });
      const mail = shape.tables.find((t) => t.name === "mail_outbox")!;
      expect(mail.foreignKeys).toEqual([{ columns: ["organisation_id"], table: "organisations", references: ["id"], onDelete: "set null" }]);
      const positions = shape.tables.find((t) => t.name === "member_positions")!;
      expect(positions.indexes.map((i) => `${i.name}:${i.columns.join(",")}:${i.unique}`)).toEqual([
        "member_positions_measure:response_id,measure_id:false",
        "member_positions_unique:response_id,user_id,measure_id:true",
      ]);
    }
  });

  it("puts parents before children", () => {
    const order = foreignKeyOrder(sqliteShape.tables);
    expect(order.length).toBe(30);
    for (const t of sqliteShape.tables) {
      for (const fk of t.foreignKeys) expect(order.indexOf(fk.table), `${t.name} -> ${fk.table}`).toBeLessThan(order.indexOf(t.name));
    }
  });
});

describe("the drift check fails when the schemas differ", () => {
  it("names a removed column", () => {
    const drifted = edited(pgShape, "answers", (t) => {
      t.columns = t.columns.filter((c) => c.name !== "updated_by");
    });
    expect(diffShapes(sqliteShape, drifted)).toEqual(["answers.updated_by: missing in postgresql"]);
  });

  it("names a renamed column from both sides", () => {
    const drifted = edited(pgShape, "comments", (t) => {
      t.columns.find((c) => c.name === "body")!.name = "text";
    });
    expect(diffShapes(sqliteShape, drifted)).toEqual(["comments.body: missing in postgresql", "comments.text: missing in sqlite"]);
  });

  it("names nullability, default, index and on-delete differences", () => {
    let drifted = edited(pgShape, "users", (t) => {
      t.columns.find((c) => c.name === "email")!.notNull = false;
      t.columns.find((c) => c.name === "lang")!.hasDefault = false;
    });
    drifted = edited(drifted, "sessions", (t) => {
      t.indexes = [];
      t.foreignKeys[0]!.onDelete = "no action";
    });
    drifted = edited(drifted, "answers", (t) => {
      t.indexes[0]!.columns.reverse();
      t.indexes[0]!.unique = false;
    });
    expect(diffShapes(sqliteShape, drifted)).toEqual([
      "answers: index answers_response_key columns sqlite=(response_id,question_key) postgresql=(question_key,response_id)",
      "answers: index answers_response_key unique sqlite=true postgresql=false",
      "sessions: index sessions_user missing in postgresql",
      "sessions: foreign key (user_id) -> users(id) on delete sqlite=cascade postgresql=no action",
      "users.email: notNull sqlite=true postgresql=false",
      "users.lang: hasDefault sqlite=true postgresql=false",
    ]);
  });

  it("catches a real drizzle table that drifted (a column dropped, an index renamed)", () => {
    // A stand-in for someone editing db/schema.ts without db/pg/schema.ts: the sessions table anew.
    const sessions = sqliteTable(
      "sessions",
      {
        id: text("id").primaryKey(),
        userId: integer("user_id").notNull(),
        expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
        createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`0`),
      },
      (t) => [index("sessions_by_user").on(t.userId)],
    );
    const shape = shapeFromDrizzle({ ...sqliteSchema, sessions });
    expect(diffShapes(shape, pgShape)).toEqual([
      "sessions.last_seen_at: missing in sqlite",
      "sessions: index sessions_by_user missing in postgresql",
      "sessions: index sessions_user missing in sqlite",
      "sessions: foreign key (user_id) -> users(id) missing in sqlite",
    ]);
  });

  it("names a missing table", () => {
    const drifted = { tables: pgShape.tables.filter((t) => t.name !== "presence") };
    expect(diffShapes(sqliteShape, drifted)).toEqual(["table presence: missing in postgresql"]);
  });
});
