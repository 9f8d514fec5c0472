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
import { memberships, organisations, responses, users, type Role } from "./schema";
import { formSections } from "../consultation/form";
import type { Template } from "../consultation/schema";
import type { QuestionStatus } from "../consultation/question-status";
import { getWork, setWork } from "./queries/cockpit";
import { seedDemoComments } from "./demo-comments";

export const DEMO_ORG_SLUG = "nmf-demo";
export const DEMO_PASSWORD = "demo-passord";
export const DEMO_CONSULTATION_ID = "lis1-evaluering-2021";
export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "admin@demo.no", name: "Ingrid Admin", role: "admin" },
  { email: "styret@demo.no", name: "Emil Styremedlem", role: "editor" },
  { email: "sekretariat@demo.no", name: "Maja Sekretariat", role: "secretariat" },
  { email: "medlem@demo.no", name: "Sofie Medlem", role: "member" },
  { email: "leser@demo.no", name: "Jonas Leser", role: "viewer" },
  // More members, so threads, tallies and the suggested ranking have voices in them (8 members in all).
  { email: "kari@demo.no", name: "Kari Nordmann", role: "member" },
  { email: "ola@demo.no", name: "Ola Hansen", role: "member" },
  { email: "amina@demo.no", name: "Amina Ali", role: "member" },
  { email: "henrik@demo.no", name: "Henrik Berg", role: "member" },
  { email: "nora@demo.no", name: "Nora Lie", role: "member" },
  { email: "sindre@demo.no", name: "Sindre Haugen", role: "member" },
  { email: "thea@demo.no", name: "Thea Dahl", role: "member" },
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
    const userIds = new Map<string, number>();
    for (const user of DEMO_USERS) {
      // Demo accounts are usable at once: seeded as confirmed.
      const id = tx
        .insert(users)
        .values({ email: user.email, name: user.name, passwordHash, emailConfirmedAt: new Date() })
        .returning({ id: users.id })
        .get().id;
      tx.insert(memberships).values({ organisationId, userId: id, role: user.role }).run();
      userIds.set(user.email, id);
    }
    const author = userIds.get("sekretariat@demo.no")!;
    const responseId = startResponse(t, organisationId, lis1.id, author);
    for (const [key, value] of Object.entries(demoAnswers))
      saveAnswer(t, { organisationId, responseId, key, value, baseVersion: 0, userId: author, source: "seed" });
    seedCockpit(t, organisationId, responseId, lis1.template, userIds);
    seedDemoComments(t, organisationId, responseId, userIds);
    return { organisationId, responseId };
  });
}

/**
 * The cockpit in the demo (issue 9): chapter 3 agreed, chapter 4 ready for review with the board
 * member, chapter 5 in draft with the secretariat, and an internal deadline (the board meeting
 * three days before the official one), so a newcomer sees statuses, assignees and "Gjenstår" working.
 */
function seedCockpit(db: Db, organisationId: number, responseId: number, template: Template, userIds: Map<string, number>): void {
  const plan: Record<string, { status: QuestionStatus; assignee: string }> = {
    kap3: { status: "agreed", assignee: "sekretariat@demo.no" },
    kap4: { status: "review", assignee: "styret@demo.no" },
    kap5: { status: "draft", assignee: "sekretariat@demo.no" },
  };
  const sections = formSections(template);
  const keys = new Set(sections.flatMap((s) => s.items.map((i) => i.key)));
  for (const section of sections) {
    const step = plan[section.id];
    if (!step) continue;
    const work = getWork(db, organisationId, responseId, section.items.map((i) => i.key));
    setWork(db, {
      organisationId,
      responseId,
      userId: userIds.get("sekretariat@demo.no")!,
      validKeys: keys,
      changes: section.items.map((i) => ({ key: i.key, version: work.get(i.key)?.version ?? 0, status: step.status, assigneeId: userIds.get(step.assignee)! })),
    });
  }
  const internal = new Date(Date.parse(`${template.deadline}T12:00:00Z`) - 3 * 86_400_000).toISOString().slice(0, 10);
  db.update(responses).set({ internalDeadline: internal }).where(eq(responses.id, responseId)).run();
}
