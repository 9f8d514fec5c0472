import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

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
