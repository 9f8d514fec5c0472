/**
 * Members' own positions (Ja / Nei / no view per measure) and rankings (per chapter). Every
 * function takes the organisation id and scopes by it and the response. Tallies are counted from
 * the rows (GROUP BY) in the same read as the reasons and rankings: nothing is kept as a counter.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { readTransaction, transaction, type Db } from "../client";
import { inJson, prepared } from "../statements";
import { memberPositions, memberRankings, memberships, responses, users, type MemberView } from "../schema";

export interface Tally {
  yes: number;
  no: number;
  none: number;
}

export interface Reason {
  name: string;
  view: MemberView;
  reason: string;
}

export interface SectionVoice {
  tallies: Record<string, Tally>;
  reasons: Record<string, Reason[]>;
  /** Every member's ranking of the chapter (ballots, rank 1 first). */
  ballots: string[][];
}

const emptyTally = (): Tally => ({ yes: 0, no: 0, none: 0 });

async function owned(db: Db, organisationId: number, responseId: number): Promise<boolean> {
  return !!(await db
    .select({ id: responses.id })
    .from(responses)
    .where(and(eq(responses.id, responseId), eq(responses.organisationId, organisationId))))[0];
}

/** Tallies, reasons (with names) and ballots for a chapter's measures, in one read transaction (no write lock on PostgreSQL). */
export async function sectionVoice(db: Db, organisationId: number, responseId: number, measureIds: readonly string[], chapterId: string | null): Promise<SectionVoice> {
  return await readTransaction(db, async (tx) => {
    const t = tx as unknown as Db;
    // The chapter page reads these on every request: statements prepared once per connection.
    const scope = and(
      eq(memberPositions.organisationId, sql.placeholder("org")),
      eq(memberPositions.responseId, sql.placeholder("response")),
      inJson(t, memberPositions.measureId, "ids"),
    );
    const args = { org: organisationId, response: responseId, ids: JSON.stringify(measureIds) };
    const counts = (await prepared(t, "voice.counts", () =>
      t
        .select({ measureId: memberPositions.measureId, view: memberPositions.view, n: sql<number>`count(*)` })
        .from(memberPositions)
        .where(scope)
        .groupBy(memberPositions.measureId, memberPositions.view)
        .prepare(),
    ).execute(args));
    const tallies: Record<string, Tally> = Object.fromEntries(measureIds.map((id) => [id, emptyTally()]));
    for (const row of counts) tallies[row.measureId]![row.view] = row.n;
    const reasons: Record<string, Reason[]> = {};
    const rows = (await prepared(t, "voice.reasons", () =>
      t
        .select({ measureId: memberPositions.measureId, name: users.name, view: memberPositions.view, reason: memberPositions.reason })
        .from(memberPositions)
        .innerJoin(users, eq(users.id, memberPositions.userId))
        .where(and(scope, sql`${memberPositions.reason} <> ''`))
        .orderBy(asc(memberPositions.measureId), asc(users.name))
        .prepare(),
    ).execute(args));
    for (const { measureId, ...reason } of rows) (reasons[measureId] ??= []).push(reason);
    const ballots = chapterId
      ? (await prepared(t, "voice.ballots", () =>
          t
            .select({ ranking: memberRankings.ranking })
            .from(memberRankings)
            .where(
              and(
                eq(memberRankings.organisationId, sql.placeholder("org")),
                eq(memberRankings.responseId, sql.placeholder("response")),
                eq(memberRankings.chapterId, sql.placeholder("chapter")),
              ),
            )
            .orderBy(asc(memberRankings.id))
            .prepare(),
        )
          .execute({ org: organisationId, response: responseId, chapter: chapterId }))
          .map((r) => r.ranking)
      : [];
    return { tallies, reasons, ballots };
  });
}

export interface MyPosition {
  view: MemberView;
  reason: string;
  version: number;
}

/** One user's positions on the given measures and their ranking of the chapter. */
export async function myVoice(db: Db, organisationId: number, responseId: number, userId: number, measureIds: readonly string[], chapterId: string | null) {
  const positions = (await prepared(db, "voice.mine", () =>
    db
      .select({ measureId: memberPositions.measureId, view: memberPositions.view, reason: memberPositions.reason, version: memberPositions.version })
      .from(memberPositions)
      .where(
        and(
          eq(memberPositions.organisationId, sql.placeholder("org")),
          eq(memberPositions.responseId, sql.placeholder("response")),
          eq(memberPositions.userId, sql.placeholder("user")),
          inJson(db, memberPositions.measureId, "ids"),
        ),
      )
      .prepare(),
  ).execute({ org: organisationId, response: responseId, user: userId, ids: JSON.stringify(measureIds) }));
  const ranking = chapterId
    ? (await db
        .select({ ranking: memberRankings.ranking, version: memberRankings.version })
        .from(memberRankings)
        .where(
          and(
            eq(memberRankings.organisationId, organisationId),
            eq(memberRankings.responseId, responseId),
            eq(memberRankings.userId, userId),
            eq(memberRankings.chapterId, chapterId),
          ),
        ))[0]
    : undefined;
  return {
    positions: Object.fromEntries(positions.map(({ measureId, ...p }) => [measureId, p])) as Record<string, MyPosition>,
    ranking: ranking ?? { ranking: [] as string[], version: 0 },
  };
}

/** Who gave a view on which measure and who ranked which chapter: for the overview's counts. */
export async function voiceParticipation(db: Db, organisationId: number, responseId: number) {
  const positions = await db
    .selectDistinct({ userId: memberPositions.userId, measureId: memberPositions.measureId })
    .from(memberPositions)
    .where(and(eq(memberPositions.organisationId, organisationId), eq(memberPositions.responseId, responseId)));
  const rankings = await db
    .select({ chapterId: memberRankings.chapterId, n: sql<number>`count(*)` })
    .from(memberRankings)
    .where(and(eq(memberRankings.organisationId, organisationId), eq(memberRankings.responseId, responseId)))
    .groupBy(memberRankings.chapterId);
  return { positions, rankings: Object.fromEntries(rankings.map((r) => [r.chapterId, r.n])) as Record<string, number> };
}

/** How many of the organisation may give a view or rank (everyone but viewers): the "of N" in "5 of 8 ranked". */
export async function eligibleVoters(db: Db, organisationId: number): Promise<number> {
  return (
    (await db
      .select({ n: sql<number>`count(*)` })
      .from(memberships)
      .where(and(eq(memberships.organisationId, organisationId), sql`${memberships.role} <> 'viewer'`)))[0]?.n ?? 0
  );
}

export interface PositionChange {
  measureId: string;
  /** null clears the position (the row is removed). */
  view: MemberView | null;
  reason: string;
  /** The version the user's page showed; 0 when they had none. */
  baseVersion: number;
}

export interface RankingChange {
  chapterId: string;
  ranking: string[];
  baseVersion: number;
}

export type SaveVoiceResult =
  | { status: "saved"; versions: Record<string, number>; rankingVersion?: number }
  /** Stale versions: nothing written. `measures` lists the stale measures, `ranking` a stale ranking. */
  | { status: "conflict"; measures: string[]; ranking: boolean };

/**
 * Saves a user's positions (and optionally ranking) all-or-nothing: every change names the version
 * it started from; one stale version refuses the whole save. Unchanged entries write nothing.
 */
export async function saveVoice(
  db: Db,
  input: {
    organisationId: number;
    responseId: number;
    userId: number;
    positions: PositionChange[];
    ranking?: RankingChange;
    /** Keep each stored reason (a quick Ja/Nei button posts only the view). */
    keepReason?: boolean;
    now?: Date;
  },
): Promise<SaveVoiceResult> {
  const { organisationId, responseId, userId } = input;
  const at = input.now ?? new Date();
  return await transaction(db, async (tx) => {
    const t = tx as unknown as Db;
    if (!(await owned(t, organisationId, responseId))) throw new Error(`response ${responseId} not found for organisation ${organisationId}`);
    const ids = input.positions.map((p) => p.measureId);
    const current = new Map(
      (await t
        .select({ id: memberPositions.id, measureId: memberPositions.measureId, view: memberPositions.view, reason: memberPositions.reason, version: memberPositions.version })
        .from(memberPositions)
        .where(and(eq(memberPositions.responseId, responseId), eq(memberPositions.userId, userId), inArray(memberPositions.measureId, ids)))
        )
        .map((row) => [row.measureId, row]),
    );
    const stale = input.positions.filter((p) => (current.get(p.measureId)?.version ?? 0) !== p.baseVersion).map((p) => p.measureId);
    const rankingRow = input.ranking
      ? (await t
          .select({ id: memberRankings.id, ranking: memberRankings.ranking, version: memberRankings.version })
          .from(memberRankings)
          .where(and(eq(memberRankings.responseId, responseId), eq(memberRankings.userId, userId), eq(memberRankings.chapterId, input.ranking.chapterId))))[0]
      : undefined;
    const staleRanking = !!input.ranking && (rankingRow?.version ?? 0) !== input.ranking.baseVersion;
    if (stale.length || staleRanking) return { status: "conflict", measures: stale, ranking: staleRanking } as const;

    const versions: Record<string, number> = {};
    for (const change of input.positions) {
      const row = current.get(change.measureId);
      const reason = input.keepReason ? (row?.reason ?? "") : change.reason;
      if (change.view === null) {
        if (row) await t.delete(memberPositions).where(eq(memberPositions.id, row.id));
        versions[change.measureId] = 0;
      } else if (!row) {
        await t.insert(memberPositions)
          .values({ organisationId, responseId, userId, measureId: change.measureId, view: change.view, reason, version: 1, updatedAt: at });
        versions[change.measureId] = 1;
      } else if (row.view !== change.view || row.reason !== reason) {
        await t.update(memberPositions).set({ view: change.view, reason, version: row.version + 1, updatedAt: at }).where(eq(memberPositions.id, row.id));
        versions[change.measureId] = row.version + 1;
      } else versions[change.measureId] = row.version;
    }
    let rankingVersion: number | undefined;
    if (input.ranking) {
      const { chapterId, ranking } = input.ranking;
      if (ranking.length === 0) {
        if (rankingRow) await t.delete(memberRankings).where(eq(memberRankings.id, rankingRow.id));
        rankingVersion = 0;
      } else if (!rankingRow) {
        await t.insert(memberRankings).values({ organisationId, responseId, userId, chapterId, ranking, version: 1, updatedAt: at });
        rankingVersion = 1;
      } else if (JSON.stringify(rankingRow.ranking) !== JSON.stringify(ranking)) {
        await t.update(memberRankings).set({ ranking, version: rankingRow.version + 1, updatedAt: at }).where(eq(memberRankings.id, rankingRow.id));
        rankingVersion = rankingRow.version + 1;
      } else rankingVersion = rankingRow.version;
    }
    return { status: "saved", versions, ...(rankingVersion !== undefined ? { rankingVersion } : {}) } as const;
  });
}
