/**
 * Production server: migrates, loads templates (refusing to start on an invalid one), seeds the
 * demo on an empty database, then serves the Remix build with Express.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { databasePath, getDb } from "../db/client";
import { isEmpty, seedDemo } from "../db/seed";
import { InvalidTemplatesError, loadTemplates } from "../db/templates";

async function main() {
  const db = getDb();
  try {
    const loaded = loadTemplates(db);
    console.log(`Templates: ${loaded.map((t) => `${t.id} (v${t.versionId}${t.created ? ", new" : ""})`).join(", ")}`);
  } catch (error) {
    if (error instanceof InvalidTemplatesError) {
      console.error(error.message);
      console.error("Refusing to start: fix the template(s) above (npm run template:check -- <file>).");
      process.exit(1);
    }
    throw error;
  }
  if (process.env.SEED_DEMO !== "0" && isEmpty(db)) {
    const seeded = await seedDemo(db);
    if (seeded) console.log(`Empty database: seeded the demo organisation (response ${seeded.responseId}).`);
  }

  const buildDir = path.resolve("build");
  const build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy set TRUST_PROXY (e.g. "loopback" or 1) so req.ip is the real client.
  if (process.env.TRUST_PROXY) app.set("trust proxy", /^\d+$/.test(process.env.TRUST_PROXY) ? Number(process.env.TRUST_PROXY) : process.env.TRUST_PROXY);
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: "production", getLoadContext: (req) => ({ clientIp: req.ip }) }));

  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  app.listen(port, host, () => console.log(`Høringssvar workbench on http://localhost:${port} (database ${databasePath()})`));
}

await main();
