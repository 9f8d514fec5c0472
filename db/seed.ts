/**
 * Demo data: "Norsk medisinstudentforening (demo)", one user per role, and its LIS1 response
 * holding NMF's real answer (seed 003). Runs on an empty database; running it again is a no-op.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { parse } from "yaml";
import { hashPassword } from "./password";
import type { AnswerValue } from "../consultation/answers";
import type { Db } from "./client";
import { listConsultations } from "./queries/consultations";
import { saveAnswer, startResponse } from "./queries/responses";
import { memberships, organisations, users, type Role } from "./schema";

export const DEMO_ORG_SLUG = "nmf-demo";
export const DEMO_PASSWORD = "demo-passord";
export const DEMO_CONSULTATION_ID = "lis1-evaluering-2021";
export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "admin@demo.no", name: "Ingrid Admin", role: "admin" },
  { email: "styret@demo.no", name: "Emil Styremedlem", role: "editor" },
  { email: "sekretariat@demo.no", name: "Maja Sekretariat", role: "secretariat" },
  { email: "medlem@demo.no", name: "Sofie Medlem", role: "member" },
  { email: "leser@demo.no", name: "Jonas Leser", role: "viewer" },
];

const ANSWERS_FILE = path.resolve("db/demo/lis1-nmf-answers.yaml");

export function demoOrganisationId(db: Db): number | undefined {
  return db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, DEMO_ORG_SLUG)).get()?.id;
}

export function isEmpty(db: Db): boolean {
  return db.select({ id: organisations.id }).from(organisations).limit(1).all().length === 0;
}

export async function seedDemo(db: Db): Promise<{ organisationId: number; responseId: number } | undefined> {
  if (demoOrganisationId(db) !== undefined) return undefined;
  const lis1 = listConsultations(db).find((c) => c.consultationId === DEMO_CONSULTATION_ID);
  if (!lis1) throw new Error(`demo seed: template "${DEMO_CONSULTATION_ID}" is not loaded`);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const demoAnswers = parse(readFileSync(ANSWERS_FILE, "utf8")) as Record<string, AnswerValue>;

  return db.transaction((tx) => {
    const t = tx as unknown as Db;
    const organisationId = tx
      .insert(organisations)
      .values({ name: "Norsk medisinstudentforening (demo)", slug: DEMO_ORG_SLUG })
      .returning({ id: organisations.id })
      .get().id;
    const userIds = new Map<Role, number>();
    for (const user of DEMO_USERS) {
      // Demo accounts are usable at once: seeded as confirmed.
      const id = tx
        .insert(users)
        .values({ email: user.email, name: user.name, passwordHash, emailConfirmedAt: new Date() })
        .returning({ id: users.id })
        .get().id;
      tx.insert(memberships).values({ organisationId, userId: id, role: user.role }).run();
      userIds.set(user.role, id);
    }
    const author = userIds.get("secretariat")!;
    const responseId = startResponse(t, organisationId, lis1.id, author);
    for (const [key, value] of Object.entries(demoAnswers))
      saveAnswer(t, { organisationId, responseId, key, value, baseVersion: 0, userId: author, source: "seed" });
    return { organisationId, responseId };
  });
}
