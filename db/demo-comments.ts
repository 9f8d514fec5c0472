/**
 * Demo comment threads on kap3 and kap4 of the demo response (internal discussion, never exported):
 * threads with replies, one resolved with a note, two mentions, and the notifications they made.
 */
import type { Db } from "./client";
import { insertComment, insertNotifications, insertThread, setThreadStatus } from "./queries/discussion";
import type { NotificationKind } from "./schema";

interface DemoComment {
  by: string;
  body: string;
  /** E-mails of members mentioned in the body (the app finds them with app/lib/discussion/mentions.ts). */
  mentions?: string[];
}
interface DemoThread {
  key: string;
  comments: DemoComment[];
  resolved?: { by: string; note: string };
}

export const DEMO_THREADS: DemoThread[] = [
  {
    key: "kap3-tiltak-1.feedback",
    comments: [
      {
        by: "kari@demo.no",
        body: "Bør vi si tydeligere at sykehusene bruker postlegestillinger i stedet for LIS1 fordi det er billigere?\nLegeforeningen har tall på dette: https://www.legeforeningen.no/",
      },
      { by: "styret@demo.no", body: "God idé. Jeg har lagt inn en setning om det i første avsnitt." },
      { by: "ola@demo.no", body: "Enig med Kari, det er det viktigste poenget i kapitlet." },
    ],
    resolved: { by: "styret@demo.no", note: "Tatt inn i svaret" },
  },
  {
    key: "kap3.priority",
    comments: [
      {
        by: "amina@demo.no",
        body: "Jeg ville satt tiltak 2 foran tiltak 3. @Maja Sekretariat, har vi tall fra medlemsundersøkelsen om midlertidige stillinger?",
        mentions: ["sekretariat@demo.no"],
      },
      { by: "sekretariat@demo.no", body: "Ja: 62 % av de som svarte hadde hatt minst ett vikariat under LIS1. Jeg sender tallene til styret før møtet." },
    ],
  },
  {
    key: "kap3-tiltak-4.support",
    comments: [{ by: "ola@demo.no", body: "Nei virker strengt her. Kunne vi svart ja, med forbehold om at kommunene får midler til veiledning?" }],
  },
  {
    key: "kap4-tiltak-1.feedback",
    comments: [
      { by: "henrik@demo.no", body: "Fjerde avsnitt gjentar mye av det første. Kan det kortes ned?" },
      {
        by: "nora@demo.no",
        body: "Enig. «Ansette LIS1 separat» er også uklart.\nForslag: «ansette LIS1 i egne stillinger uten kobling til sykehus».\n@medlem@demo.no, du skrev om dette i fjor – har du innspill?",
        mentions: ["medlem@demo.no"],
      },
    ],
  },
  {
    key: "kap4.priority",
    comments: [{ by: "sindre@demo.no", body: "Hvorfor er ikke tiltak 3 rangert først? Det er det eneste tiltaket alle i lokallaget var enige om." }],
  },
];

export async function seedDemoComments(db: Db, organisationId: number, responseId: number, userIds: Map<string, number>): Promise<void> {
  const id = (email: string) => userIds.get(email)!;
  for (const thread of DEMO_THREADS) {
    const starter = id(thread.comments[0]!.by);
    const threadId = await insertThread(db, { organisationId, responseId, questionKey: thread.key, userId: starter });
    const participants = new Set<number>();
    for (const comment of thread.comments) {
      const author = id(comment.by);
      const commentId = await insertComment(db, { organisationId, threadId, authorId: author, body: comment.body });
      const mentioned = new Set((comment.mentions ?? []).map(id));
      const notify: { userId: number; kind: NotificationKind }[] = [
        ...[...mentioned].map((userId) => ({ userId, kind: "mention" as const })),
        ...[...participants].filter((p) => !mentioned.has(p)).map((userId) => ({ userId, kind: "reply" as const })),
      ];
      await insertNotifications(
        db,
        notify.filter((n) => n.userId !== author).map((n) => ({ ...n, organisationId, threadId, commentId, actorId: author })),
      );
      participants.add(author);
    }
    if (thread.resolved) {
      const resolver = id(thread.resolved.by);
      await setThreadStatus(db, { organisationId, threadId, version: 1, status: "resolved", userId: resolver, note: thread.resolved.note });
      if (resolver !== starter) await insertNotifications(db, [{ userId: starter, organisationId, kind: "resolved", threadId, commentId: null, actorId: resolver }]);
    }
  }
}
