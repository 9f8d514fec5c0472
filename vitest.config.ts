import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

/** The e2e and security files that run on PostgreSQL too (project e2e-pg). */
const E2E_ON_POSTGRES = [
  // PostgreSQL only: several app servers on one database.
  "test/postgres/**/*.test.ts",
  // Each file below was run on PostgreSQL and passed before it was listed; the other e2e files wait
  // for that run (the ones reaching the database through better-sqlite3 also for a port to server-db).
  // Not listed yet: backups, operations, foundation (SQLite by nature, decision 111); permissions
  // (better-sqlite3, and starts its server with BACKUP_DIR, which PostgreSQL refuses);
  // client-bundle, security/fuzz (better-sqlite3).
  "test/e2e/accounts-browser.test.ts",
  "test/e2e/accounts.test.ts",
  "test/e2e/bad-input.test.ts",
  "test/e2e/cluster.test.ts",
  "test/e2e/cockpit-browser.test.ts",
  "test/e2e/cockpit.test.ts",
  "test/e2e/concurrency.test.ts",
  "test/e2e/conditional.test.ts",
  "test/e2e/consultation-editor-browser.test.ts",
  "test/e2e/consultation-editor-fast-browser.test.ts",
  "test/e2e/consultation-editor.test.ts",
  "test/e2e/consultations-browser.test.ts",
  "test/e2e/consultations.test.ts",
  "test/e2e/cover-letter-browser.test.ts",
  "test/e2e/discussion-browser.test.ts",
  "test/e2e/discussion.test.ts",
  "test/e2e/drafting-browser.test.ts",
  "test/e2e/export-browser.test.ts",
  "test/e2e/export.test.ts",
  "test/e2e/from-printout.test.ts",
  "test/e2e/input-before-hydration.test.ts",
  "test/e2e/kinds.test.ts",
  "test/e2e/languages.test.ts",
  "test/e2e/live-browser.test.ts",
  "test/e2e/live-events.test.ts",
  "test/e2e/mail-browser.test.ts",
  "test/e2e/mail-faults.test.ts",
  "test/e2e/mail-invites.test.ts",
  "test/e2e/mail-notify.test.ts",
  "test/e2e/mail.test.ts",
  "test/e2e/measure-editor-browser.test.ts",
  "test/e2e/member-voice.test.ts",
  "test/e2e/members-voice-done.test.ts",
  "test/e2e/new-pages-axe-browser.test.ts",
  "test/e2e/page-strings-browser.test.ts",
  "test/e2e/printout.test.ts",
  "test/e2e/proxy-browser.test.ts",
  "test/e2e/save-bar-browser.test.ts",
  "test/e2e/stream-hygiene.test.ts",
  "test/e2e/submission-pack.test.ts",
  "test/e2e/superseded-load.test.ts",
  "test/e2e/template-bounds.test.ts",
  "test/e2e/template-groups-browser.test.ts",
  "test/e2e/user-guide-browser.test.ts",
  "test/e2e/yes-no-words.test.ts",
  "test/security/abuse-limits.test.ts",
  "test/security/answer-size.test.ts",
  "test/security/crash.test.ts",
  "test/security/demo-warning.test.ts",
  "test/security/diff-bound.test.ts",
  "test/security/event-log.test.ts",
  "test/security/expensive-work.test.ts",
  "test/security/history-pagination.test.ts",
  "test/security/http-layer.test.ts",
  "test/security/login-throttling.test.ts",
  "test/security/redos-email.test.ts",
  "test/security/sessions.test.ts",
  "test/security/signup-takeover.test.ts",
  "test/security/signup.test.ts",
  "test/security/version-fuzz.test.ts",
];

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node", testTimeout: 20_000 },
      },
      {
        // The data layer's unit tests again on PostgreSQL (issue 25): the files whose databases come
        // from test/support (seededDb, openDemoDb) and that use no SQLite-only SQL; each file starts a
        // throwaway cluster (test/support/postgres.ts). test/unit/db/engines.test.ts covers both engines
        // in the unit project already.
        extends: true,
        test: {
          name: "unit-pg",
          include: [
            "test/unit/cockpit.test.ts",
            "test/unit/conditional.test.ts",
            "test/unit/drafting.test.ts",
            "test/unit/input-bounds.test.ts",
            "test/unit/progress.test.ts",
            "test/unit/export/import-apply.test.ts",
            "test/unit/mail/schedule.test.ts",
            "test/unit/printout.test.ts",
          ],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          env: { TEST_DATABASE_ENGINE: "postgres" },
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // The browser and HTTP tests again with every server on PostgreSQL (issue 25): one cluster
        // for the run (test/support/postgres-global-setup.ts), a fresh database per server. The
        // files listed reach the database only through the server or test/support/server-db.ts.
        extends: true,
        test: {
          name: "e2e-pg",
          include: E2E_ON_POSTGRES,
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          globalSetup: ["test/support/postgres-global-setup.ts"],
          env: { TEST_DATABASE_ENGINE: "postgres" },
        },
      },
      {
        // Attacks on the built server (ASVS level 2 findings): same setup as e2e, one server per file.
        extends: true,
        test: {
          name: "security",
          include: ["test/security/**/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
