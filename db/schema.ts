/**
 * The workbench's tables. Every editable row carries a `version` for optimistic concurrency;
 * everything an organisation owns hangs off `organisations.id` so queries can be scoped by it.
 */
import { sql } from "drizzle-orm";
import type { AnswerValue } from "../app/lib/template/answers";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/** A consultation (høring), identified by its template id. */
export const consultations = sqliteTable("consultations", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  issuer: text("issuer").notNull(),
  createdAt: createdAt(),
});

/** One loaded template content; a changed template file becomes a new version. */
export const consultationVersions = sqliteTable(
  "consultation_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    consultationId: text("consultation_id")
      .notNull()
      .references(() => consultations.id),
    contentHash: text("content_hash").notNull(),
    /** The validated template as JSON (the template schema's output). */
    templateJson: text("template_json").notNull(),
    sourceFile: text("source_file").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("consultation_versions_hash").on(t.consultationId, t.contentHash)],
);

export const organisations = sqliteTable("organisations", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  createdAt: createdAt(),
});

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  /** scrypt: `scrypt$N$r$p$salt$hash` (base64). */
  passwordHash: text("password_hash").notNull(),
  createdAt: createdAt(),
});

/** Server-side sessions so sign-out revokes them; the cookie holds only the signed id. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

export const ROLES = ["admin", "secretariat", "editor", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const memberships = sqliteTable(
  "memberships",
  {
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    /** Optimistic concurrency: a role change or removal names the version it saw. */
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.userId] })],
);

export const invites = sqliteTable("invites", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  organisationId: integer("organisation_id")
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" }),
  /** sha256 of the token; the token itself is only in the link. */
  tokenHash: text("token_hash").notNull().unique(),
  role: text("role", { enum: ROLES }).notNull(),
  createdBy: integer("created_by")
    .notNull()
    .references(() => users.id),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  usedAt: integer("used_at", { mode: "timestamp_ms" }),
  usedBy: integer("used_by").references(() => users.id),
  createdAt: createdAt(),
});

/** Failed sign-ins, keyed by "email:<address>" or "ip:<address>", for rate limiting. */
export const loginFailures = sqliteTable(
  "login_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("login_failures_key_at").on(t.key, t.at)],
);

/** An organisation's joint answer to one consultation version. */
export const responses = sqliteTable(
  "responses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    consultationVersionId: integer("consultation_version_id")
      .notNull()
      .references(() => consultationVersions.id),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("responses_org_version").on(t.organisationId, t.consultationVersionId)],
);

/**
 * Current answer per form item. `value` is JSON: "ja"/"nei" for yes/no, the option id for a
 * choice, a string for text and e-mail, an array of measure ids (rank 1 first) for a ranking.
 */
export const answers = sqliteTable(
  "answers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    questionKey: text("question_key").notNull(),
    value: text("value", { mode: "json" }).$type<AnswerValue>().notNull(),
    version: integer("version").notNull().default(1),
    updatedBy: integer("updated_by").references(() => users.id),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("answers_response_key").on(t.responseId, t.questionKey)],
);

/** Immutable: one row per save, written in the same transaction as the answer. */
export const answerRevisions = sqliteTable(
  "answer_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    answerId: integer("answer_id")
      .notNull()
      .references(() => answers.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    value: text("value", { mode: "json" }).$type<AnswerValue>().notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /** Set when this revision restored an earlier one. */
    restoredFrom: integer("restored_from"),
    /** How the save arrived: "form", "import", "seed", "restore", "merge". */
    source: text("source").notNull().default("form"),
  },
  (t) => [uniqueIndex("answer_revisions_answer_version").on(t.answerId, t.version)],
);
