import { defineConfig } from "drizzle-kit";

/** PostgreSQL (issue 25): the schema mirroring db/schema.ts and its own migrations. `npm run db:generate:pg`. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/pg/schema.ts",
  out: "./db/pg/migrations",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgresql://localhost/hoeringssvar" },
});
