/**
 * The workbench's tables. Every editable row carries a `version` for optimistic concurrency;
 * everything an organisation owns hangs off `organisations.id` so queries can be scoped by it.
 */
import { sql } from "drizzle-orm";
import type { AnswerValue } from "../consultation/answers";
import { QUESTION_STATUSES } from "../consultation/question-status";
import { SUBMISSION_CHANNELS } from "../consultation/submission-channel";
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const CONSULTATION_STATUSES = ["draft", "published"] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

/**
 * A consultation (høring). Shipped ones (templates/) are keyed by their template id and have no
 * organisation; one added in the app belongs to the organisation that added it (private to it
 * unless a site administrator sets `shared`) and is keyed `o<organisation id>~<template id>`.
 */
export const consultations = sqliteTable("consultations", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  issuer: text("issuer").notNull(),
  /** NULL: shipped in templates/ (shared). Otherwise the organisation that added it. */
  organisationId: integer("organisation_id").references(() => organisations.id, { onDelete: "cascade" }),
  /** Only published consultations can start responses; drafts are edited and previewed. */
  status: text("status", { enum: CONSULTATION_STATUSES }).notNull().default("published"),
  /** Set by a site administrator: an organisation's consultation made available to all. */
  shared: integer("shared", { mode: "boolean" }).notNull().default(false),
  /** The version new responses start from; NULL: the newest version row (templates/). */
  currentVersionId: integer("current_version_id"),
  /** Optimistic concurrency for in-app edits (source text, status, sharing). */
  version: integer("version").notNull().default(1),
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
    /** The template text as written (uploaded or edited in the app); NULL for templates/ files. */
    sourceText: text("source_text"),
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
  /** Null until the address is confirmed through the e-mailed link; unconfirmed accounts cannot sign in. */
  emailConfirmedAt: integer("email_confirmed_at", { mode: "timestamp_ms" }),
  /** The UI language the person last chose: mails to them are written in it. */
  lang: text("lang", { enum: ["nb", "en"] }).notNull().default("nb"),
  /** Site administrator (set by `npm run admin:create`; SITE_ADMINS names more by e-mail). */
  siteAdmin: integer("site_admin", { mode: "boolean" }).notNull().default(false),
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
    /** Absolute end of the session (created + 14 days), whatever the activity. */
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    /** For the idle timeout; refreshed at most once a minute so reads stay reads. Always set by the
     * app (SQLite cannot ALTER-add a column with an expression default). */
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull().default(sql`0`),
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
  /**
   * The token is HMAC(secret, nonce) (app/lib/auth/invite-link.server.ts), so the pending invite's
   * link can be shown again without storing the token. Null for invites made before issue 22.
   */
  linkNonce: text("link_nonce"),
  /** The address the invite was mailed to (null: a link-only invite). */
  email: text("email"),
  role: text("role", { enum: ROLES }).notNull(),
  createdBy: integer("created_by")
    .notNull()
    .references(() => users.id),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  usedAt: integer("used_at", { mode: "timestamp_ms" }),
  usedBy: integer("used_by").references(() => users.id),
  createdAt: createdAt(),
});

/**
 * Rate-limit hits (app/lib/security/rate-limit.server.ts): one row per counted event, keyed e.g.
 * "login:ip:<address>" or "signup:ip:<address>". Rows older than a day are pruned.
 */
export const rateLimitHits = sqliteTable(
  "rate_limit_hits",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("rate_limit_hits_key_at").on(t.key, t.at), index("rate_limit_hits_at").on(t.at)],
);

/** Single-use e-mail links: sign-up confirmation and password reset. Only the sha256 of the token is stored. */
export const emailTokens = sqliteTable(
  "email_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["confirm", "reset"] }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** Where to continue after confirming (e.g. an invite link); a same-site path. */
    redirectTo: text("redirect_to"),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("email_tokens_user").on(t.userId)],
);

/**
 * The outbox: a queue of mails (app/lib/mail/). A mail is written in the same transaction as the
 * change that causes it; one sender per deployment (holding the `mail_sender_lease` row) delivers
 * it over SMTP with retries and backoff. Without `SMTP_URL` rows stay `queued` and are logged.
 */
export const MAIL_STATUSES = ["queued", "sent", "failed"] as const;
export const mailOutbox = sqliteTable(
  "mail_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    /** Plain text. */
    body: text("body").notNull(),
    html: text("html"),
    /** What kind of mail (confirm, reset, exists, invite, mention, digest, reminder ...). */
    kind: text("kind").notNull().default("other"),
    /** The organisation a mail is about (org admins see its mails on /o/<org>/mail); null for account mail. */
    organisationId: integer("organisation_id").references(() => organisations.id, { onDelete: "set null" }),
    /** Extra headers as JSON (List-Unsubscribe, List-Unsubscribe-Post). */
    headers: text("headers"),
    /** Stable per row: a resend after a crash between send and mark carries the same Message-ID. */
    messageId: text("message_id").notNull().default(""),
    status: text("status", { enum: MAIL_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull().default(sql`0`),
    /** The SMTP server's last answer (or the connection error). */
    lastResponse: text("last_response"),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("mail_outbox_due").on(t.status, t.nextAttemptAt), index("mail_outbox_org").on(t.organisationId)],
);

/**
 * Per-person mail settings, one row per kind the person changed (no row: the default). Kinds:
 * mention, activity (replies, resolved threads, assignments: the daily digest), reminder.
 */
export const mailPreferences = sqliteTable(
  "mail_preferences",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
    /** immediate | daily | off (issue 22 item 5); null on older rows: `enabled` decides. */
    mode: text("mode", { enum: ["immediate", "daily", "off"] }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/**
 * Things a person may be told by mail (mention, reply, resolved, assigned), written in the same
 * transaction as their cause. `mailed_at` is set when they went out, immediately or in exactly one
 * daily digest (app/lib/mail/notify/); reminders are not events but mail_once keys.
 */
export const MAIL_EVENT_KINDS = ["mention", "reply", "resolved", "assigned"] as const;
export const mailEvents = sqliteTable(
  "mail_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: MAIL_EVENT_KINDS }).notNull(),
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    questionKey: text("question_key").notNull(),
    threadId: integer("thread_id"),
    /** The comment told about: a digest uses its text as it is then, and leaves out a deleted one. */
    commentId: integer("comment_id"),
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    /** The comment's text (cut), for the mail; empty for assignments and resolutions. */
    excerpt: text("excerpt").notNull().default(""),
    createdAt: createdAt(),
    mailedAt: integer("mailed_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("mail_events_pending").on(t.mailedAt, t.createdAt), index("mail_events_user").on(t.userId)],
);

/**
 * Mails that must go out once: the key names what was sent (e.g. "digest:<user>:2026-10-25",
 * "reminder:<response>:official:3:<user>"); inserted in the transaction that queues the mail, so
 * a scheduler that runs twice or late sends nothing twice.
 */
export const mailOnce = sqliteTable("mail_once", {
  key: text("key").primaryKey(),
  outboxId: integer("outbox_id"),
  createdAt: createdAt(),
});

/** One row per named lease (today "outbox"): which process may send, until when. */
export const mailSenderLease = sqliteTable("mail_sender_lease", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
});

/** Security event log (sign-ins, lockouts, password changes, role changes, exports ...). Append-only. */
export const securityEvents = sqliteTable(
  "security_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    type: text("type").notNull(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    organisationId: integer("organisation_id").references(() => organisations.id, { onDelete: "cascade" }),
    ip: text("ip"),
    /** Small JSON object with event specifics (never passwords or tokens). */
    detail: text("detail", { mode: "json" }).$type<Record<string, string | number | boolean | null>>(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("security_events_org").on(t.organisationId, t.id), index("security_events_user").on(t.userId, t.id)],
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
    /** The organisation's own deadline (YYYY-MM-DD, e.g. the board meeting), before the official one. */
    internalDeadline: text("internal_deadline"),
    /** Optimistic concurrency for edits of the response row itself (the internal deadline). */
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("responses_org_version").on(t.organisationId, t.consultationVersionId)],
);

/**
 * Current answer per form item. `value` is JSON: "yes"/"no" for yes/no (language-neutral; migration 0003), the option id for a
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
    /** How the save arrived: "form", "import", "seed", "restore", "merge", "printout", "adopt" (members' voice adopted). */
    source: text("source").notNull().default("form"),
  },
  (t) => [uniqueIndex("answer_revisions_answer_version").on(t.answerId, t.version)],
);

// --- cockpit (issue 9): who writes what, what is left, submission ---

/** Status and assignee of one numbered question. No row: open and unassigned. */
export const questionWork = sqliteTable(
  "question_work",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    questionKey: text("question_key").notNull(),
    status: text("status", { enum: QUESTION_STATUSES }).notNull().default("open"),
    assigneeId: integer("assignee_id").references(() => users.id, { onDelete: "set null" }),
    version: integer("version").notNull().default(1),
    updatedBy: integer("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("question_work_response_key").on(t.responseId, t.questionKey), index("question_work_assignee").on(t.assigneeId)],
);

export { SUBMISSION_CHANNELS, type SubmissionChannel } from "../consultation/submission-channel";

/**
 * One submission of a response with the exact bytes that went out. The response is locked while
 * its newest submission is not reopened. Rows are never deleted; reopening fills the reopen columns.
 */
export const submissions = sqliteTable(
  "submissions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    /** The day it was sent (YYYY-MM-DD, Norwegian date), as the secretariat states it. */
    submittedOn: text("submitted_on").notNull(),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }).notNull(),
    submittedBy: integer("submitted_by").references(() => users.id, { onDelete: "set null" }),
    channel: text("channel", { enum: SUBMISSION_CHANNELS }).notNull(),
    receipt: text("receipt"),
    docx: blob("docx", { mode: "buffer" }).notNull(),
    docxName: text("docx_name").notNull(),
    docxSha256: text("docx_sha256").notNull(),
    markdown: blob("markdown", { mode: "buffer" }).notNull(),
    markdownName: text("markdown_name").notNull(),
    markdownSha256: text("markdown_sha256").notNull(),
    /** The PDF/A as sent (issue 20); null for submissions stored before the PDF was frozen too. */
    pdf: blob("pdf", { mode: "buffer" }),
    pdfName: text("pdf_name"),
    pdfSha256: text("pdf_sha256"),
    reopenedAt: integer("reopened_at", { mode: "timestamp_ms" }),
    reopenedBy: integer("reopened_by").references(() => users.id, { onDelete: "set null" }),
    reopenReason: text("reopen_reason"),
  },
  (t) => [index("submissions_response").on(t.responseId, t.id)],
);

/** A pre-submission check finding the secretariat has acknowledged (keyed by the finding's fingerprint). */
export const checkAcknowledgements = sqliteTable(
  "check_acknowledgements",
  {
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    fingerprint: text("fingerprint").notNull(),
    acknowledgedBy: integer("acknowledged_by").references(() => users.id, { onDelete: "set null" }),
    acknowledgedAt: integer("acknowledged_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.fingerprint] })],
);

/**
 * Another organisation's published answer to the same consultation, read from its printout
 * (export/printout.ts): read-only, internal to the organisation that added it, never exported.
 * `answers` holds typed values keyed by answer key, as for our own answers.
 */
export const referenceAnswers = sqliteTable(
  "reference_answers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    /** The organisation that wrote the answer, e.g. "Den norske legeforening". */
    organisationName: text("organisation_name").notNull(),
    sourceUrl: text("source_url"),
    /** yyyy-mm-dd, as published. */
    publishedOn: text("published_on"),
    answers: text("answers", { mode: "json" }).$type<Record<string, AnswerValue>>().notNull(),
    /** Reader notes kept with the reference (e.g. redacted fields); a refused printout is never stored. */
    problems: text("problems", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("reference_answers_response").on(t.organisationId, t.responseId)],
);

export const THREAD_STATUSES = ["open", "resolved"] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

/**
 * A comment thread on one numbered question of a response (internal: never exported). A question
 * may have several; a new top-level comment starts one, replies join it.
 */
export const commentThreads = sqliteTable(
  "comment_threads",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    questionKey: text("question_key").notNull(),
    status: text("status", { enum: THREAD_STATUSES }).notNull().default("open"),
    resolvedBy: integer("resolved_by").references(() => users.id),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
    resolutionNote: text("resolution_note"),
    /** Optimistic concurrency for resolve/reopen. */
    version: integer("version").notNull().default(1),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("comment_threads_response").on(t.organisationId, t.responseId, t.questionKey)],
);

/** One comment. Deleting is soft (`deleted_at`, body emptied) so replies keep their place. */
export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    threadId: integer("thread_id")
      .notNull()
      .references(() => commentThreads.id, { onDelete: "cascade" }),
    authorId: integer("author_id").references(() => users.id),
    body: text("body").notNull(),
    version: integer("version").notNull().default(1),
    editedAt: integer("edited_at", { mode: "timestamp_ms" }),
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("comments_thread").on(t.threadId, t.id)],
);

/** The text a comment had before each edit (immutable). */
export const commentRevisions = sqliteTable(
  "comment_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("comment_revisions_comment").on(t.commentId)],
);

export const NOTIFICATION_KINDS = ["reply", "mention", "resolved"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** In-app notifications; kept (read or not) so an e-mail digest can be built from them later. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    threadId: integer("thread_id")
      .notNull()
      .references(() => commentThreads.id, { onDelete: "cascade" }),
    commentId: integer("comment_id").references(() => comments.id, { onDelete: "cascade" }),
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  // The header's unread count: one index range scan per page.
  (t) => [index("notifications_user_unread").on(t.userId, t.readAt), index("notifications_user").on(t.userId, t.id)],
);

export const MEMBER_VIEWS = ["yes", "no", "none"] as const;
export type MemberView = (typeof MEMBER_VIEWS)[number];

/**
 * A member's own view on one measure (Ja / Nei / no view, optional one-line reason). Current state
 * only (no history); tallies are counted from these rows, never kept as counters.
 */
export const memberPositions = sqliteTable(
  "member_positions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    measureId: text("measure_id").notNull(),
    view: text("view", { enum: MEMBER_VIEWS }).notNull(),
    reason: text("reason").notNull().default(""),
    version: integer("version").notNull().default(1),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("member_positions_unique").on(t.responseId, t.userId, t.measureId), index("member_positions_measure").on(t.responseId, t.measureId)],
);

/** A member's own ranking of a chapter's measures (JSON array of measure ids, rank 1 first). */
export const memberRankings = sqliteTable(
  "member_rankings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    chapterId: text("chapter_id").notNull(),
    ranking: text("ranking", { mode: "json" }).$type<string[]>().notNull(),
    version: integer("version").notNull().default(1),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("member_rankings_unique").on(t.responseId, t.userId, t.chapterId)],
);

// --- live (issue 10): what changed, in commit order, and who is here ---

/**
 * Everything that changed in a response, one row per committed write, in commit order (SQLite
 * serialises writers, so ids are committed in increasing order). Rows are written by triggers
 * (migration 0010), not by the application: every write path (form, autosave, import, restore,
 * adopt, printout, seed, a CLI) produces them without knowing about them. The live stream
 * (app/lib/live/) reads what was committed after the last id a browser has.
 */
export const responseEvents = sqliteTable(
  "response_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    /** answer, work, thread, comment, view, ranking, submission, response, reference */
    kind: text("kind").notNull(),
    /** The answer key (or measure / chapter id) the change is about, when there is one. */
    subject: text("subject"),
    actorId: integer("actor_id"),
    /** JSON; for answers: value, version, author name and time. */
    payload: text("payload").notNull().default("{}"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("response_events_response").on(t.responseId, t.id)],
);

/**
 * Who has a response open, per browser tab, and which question they are in. Ephemeral: a row
 * older than PRESENCE_TTL_MS is gone; heartbeats refresh it. The key includes the user, so a tab
 * id can only ever touch its own user's rows.
 */
export const presence = sqliteTable(
  "presence",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tabId: text("tab_id").notNull(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    sectionId: text("section_id"),
    questionKey: text("question_key"),
    seenAt: integer("seen_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tabId] }), index("presence_response").on(t.responseId, t.seenAt)],
);
