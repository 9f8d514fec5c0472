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
import { transaction, type Db } from "./client";
import { listConsultations } from "./queries/consultations";
import { saveAnswer, startResponse } from "./queries/responses";
import { memberPositions, memberRankings, memberships, organisations, responses, users, type MemberView, type Role } from "./schema";
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

export async function demoOrganisationId(db: Db): Promise<number | undefined> {
  return (await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, DEMO_ORG_SLUG)))[0]?.id;
}

export async function isEmpty(db: Db): Promise<boolean> {
  return (await db.select({ id: organisations.id }).from(organisations).limit(1)).length === 0;
}

/**
 * `copy` seeds the same data once more as another organisation (slug, name) whose users have the
 * demo e-mails with another domain (admin@<domain>, …): tests give each destructive run its own.
 */
export async function seedDemo(
  db: Db,
  copy?: { slug: string; name: string; emailDomain: string },
): Promise<{ organisationId: number; responseId: number } | undefined> {
  const slug = copy?.slug ?? DEMO_ORG_SLUG;
  if ((await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug)))[0]) return undefined;
  const emailOf = (email: string) => (copy ? email.replace(/@demo\.no$/, `@${copy.emailDomain}`) : email);
  const lis1 = (await listConsultations(db)).find((c) => c.consultationId === DEMO_CONSULTATION_ID);
  if (!lis1) throw new Error(`demo seed: template "${DEMO_CONSULTATION_ID}" is not loaded`);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const demoAnswers = parse(readFileSync(ANSWERS_FILE, "utf8")) as Record<string, AnswerValue>;

  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    const organisationId = (await tx
      .insert(organisations)
      .values({ name: copy?.name ?? "Norsk medisinstudentforening (demo)", slug })
      .returning({ id: organisations.id }))[0]!.id;
    const userIds = new Map<string, number>();
    for (const user of DEMO_USERS) {
      // Demo accounts are usable at once: seeded as confirmed.
      const id = (await tx
        .insert(users)
        .values({ email: emailOf(user.email), name: user.name, passwordHash, emailConfirmedAt: new Date() })
        .returning({ id: users.id }))[0]!.id;
      await tx.insert(memberships).values({ organisationId, userId: id, role: user.role });
      userIds.set(user.email, id);
    }
    const author = userIds.get("sekretariat@demo.no")!;
    const responseId = await startResponse(t, organisationId, lis1.id, author);
    for (const [key, value] of Object.entries(demoAnswers))
      await saveAnswer(t, { organisationId, responseId, key, value, baseVersion: 0, userId: author, source: "seed" });
    await seedCockpit(t, organisationId, responseId, lis1.template, userIds);
    await seedDemoComments(t, organisationId, responseId, userIds);
    // Members' voice: positions and rankings on two chapters (the official answers above are untouched).
    const now = new Date();
    for (const [measureId, views] of Object.entries(DEMO_POSITIONS))
      for (const [who, view, reason = ""] of views)
        await tx.insert(memberPositions).values({ organisationId, responseId, userId: userIds.get(`${who}@demo.no`)!, measureId, view, reason, updatedAt: now });
    for (const [chapterId, rankings] of Object.entries(DEMO_RANKINGS))
      for (const [who, ranking] of rankings)
        await tx.insert(memberRankings).values({ organisationId, responseId, userId: userIds.get(`${who}@demo.no`)!, chapterId, ranking, updatedAt: now });
    return { organisationId, responseId };
  });
}

/**
 * The cockpit in the demo (issue 9): chapter 3 agreed, chapter 4 ready for review with the board
 * member, chapter 5 in draft with the secretariat, and an internal deadline (the board meeting
 * three days before the official one), so a newcomer sees statuses, assignees and "Gjenstår" working.
 */
async function seedCockpit(db: Db, organisationId: number, responseId: number, template: Template, userIds: Map<string, number>): Promise<void> {
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
    const work = await getWork(db, organisationId, responseId, section.items.map((i) => i.key));
    await setWork(db, {
      organisationId,
      responseId,
      userId: userIds.get("sekretariat@demo.no")!,
      validKeys: keys,
      changes: section.items.map((i) => ({ key: i.key, version: work.get(i.key)?.version ?? 0, status: step.status, assigneeId: userIds.get(step.assignee)! })),
    });
  }
  const internal = new Date(Date.parse(`${template.deadline}T12:00:00Z`) - 3 * 86_400_000).toISOString().slice(0, 10);
  await db.update(responses).set({ internalDeadline: internal }).where(eq(responses.id, responseId));
}
type Voice = [who: string, view: MemberView, reason?: string];

/** Members' own views (kap3-tiltak-5 has none and kap3-tiltak-6 is a 1–1 tie: no majority to adopt). */
const DEMO_POSITIONS: Record<string, Voice[]> = {
  "kap3-tiltak-1": [
    ["medlem", "yes", "Gir sykehusene fleksibilitet når mange står i kø for LIS1."],
    ["kari", "yes"],
    ["ola", "yes", "Midlertidige stillinger kan ta unna køen raskt."],
    ["amina", "no", "Midlertidige stillinger gir dårligere forutsigbarhet for kandidatene."],
    ["henrik", "yes"],
    ["nora", "none"],
    ["sindre", "yes"],
    ["thea", "no"],
  ],
  "kap3-tiltak-2": [
    ["medlem", "yes"],
    ["kari", "yes", "Ingen bør måtte gjenta tjeneste de allerede har gjennomført."],
    ["ola", "no", "Kan bli vanskelig å planlegge for helseforetakene."],
    ["amina", "yes"],
    ["henrik", "yes"],
    ["nora", "yes"],
    ["sindre", "none"],
  ],
  "kap3-tiltak-3": [
    ["kari", "yes"],
    ["ola", "none"],
    ["amina", "yes", "Bedre enn at leger blir stående uten kommunetjeneste."],
    ["henrik", "no", "Lang pendling eller flytting midt i LIS1 er en stor belastning."],
    ["thea", "yes"],
  ],
  "kap3-tiltak-4": [
    ["medlem", "no", "Karantenetid straffer leger som vil bli i kommunen."],
    ["kari", "no"],
    ["ola", "no"],
    ["amina", "no"],
    ["henrik", "yes", "Kommunene trenger ro til å planlegge."],
    ["nora", "no"],
    ["sindre", "no"],
    ["thea", "no"],
    ["styret", "no"],
  ],
  "kap3-tiltak-6": [
    ["ola", "yes"],
    ["nora", "no", "Forutsigbarheten etter permisjon blir dårligere."],
  ],
  "kap3-tiltak-7": [
    ["medlem", "no"],
    ["kari", "no", "Reststillinger bør ikke være den eneste muligheten."],
    ["sindre", "yes"],
    ["thea", "no"],
  ],
  "kap5-tiltak-1": [
    ["medlem", "yes", "Erfarne leger trenger en egen vei inn, ikke LIS1-plasser."],
    ["kari", "yes"],
    ["ola", "yes"],
    ["amina", "yes"],
    ["henrik", "none"],
  ],
  "kap5-tiltak-2": [
    ["medlem", "no"],
    ["kari", "no", "Del 1 er kort nok allerede; veiledningen trengs."],
    ["ola", "yes"],
    ["amina", "no"],
  ],
  "kap5-tiltak-3": [
    ["medlem", "no", "Sykehustjenesten først er viktig for pasientsikkerheten."],
    ["kari", "no"],
    ["nora", "no"],
    ["sindre", "none"],
  ],
  "kap5-tiltak-4": [
    ["henrik", "no"],
    ["thea", "no"],
    ["ola", "none"],
  ],
};

/**
 * Members' rankings. kap3 is chosen so the methods disagree: tiltak 2 has the most Borda points
 * (many second places), tiltak 1 the most first places and beats tiltak 2 head to head (Schulze).
 */
const t3 = (...n: number[]) => n.map((i) => `kap3-tiltak-${i}`);
const t5 = (...n: number[]) => n.map((i) => `kap5-tiltak-${i}`);
const DEMO_RANKINGS: Record<string, [who: string, ranking: string[]][]> = {
  kap3: [
    ["medlem", t3(1, 2, 6)],
    ["kari", t3(1, 2)],
    ["ola", t3(1, 2, 7)],
    ["amina", t3(1, 3)],
    ["henrik", t3(2, 1)],
    ["nora", t3(2, 3, 6)],
    ["sindre", t3(2, 3)],
    ["thea", t3(3, 2)],
    ["styret", t3(3, 1)],
  ],
  kap5: [
    ["medlem", t5(1, 3)],
    ["kari", t5(1, 2)],
    ["ola", t5(1)],
    ["amina", t5(2, 1)],
    ["henrik", t5(1, 4)],
  ],
};
