/**
 * Members' rankings summed up: a truncated Borda count (the suggested ranking) cross-checked with
 * Schulze's Condorcet method. Pure: ballots in, orders out. Ballots are partial (top-N): a ballot
 * lists measure ids, rank 1 first. Measures not on a ballot are its last, all tied.
 */

export interface BordaEntry {
  id: string;
  points: number;
  firstPlaces: number;
}

/**
 * Truncated Borda: rank 1 of N earns N points, rank 2 N-1, …, rank N 1, unranked 0 (N = maxRanks).
 * Sorted by points, then by first places, then by `candidates` order (the measure order), so the
 * result is always one strict order.
 */
export function borda(candidates: readonly string[], ballots: readonly (readonly string[])[], maxRanks: number): BordaEntry[] {
  const index = new Map(candidates.map((c, i) => [c, i]));
  const entries = candidates.map((id) => ({ id, points: 0, firstPlaces: 0 }));
  for (const ballot of ballots)
    ballot.slice(0, maxRanks).forEach((id, rank) => {
      const i = index.get(id);
      if (i === undefined) return;
      entries[i]!.points += maxRanks - rank;
      if (rank === 0) entries[i]!.firstPlaces += 1;
    });
  return entries.sort((a, b) => b.points - a.points || b.firstPlaces - a.firstPlaces || index.get(a.id)! - index.get(b.id)!);
}

/**
 * Pairwise preferences d[a][b]: how many ballots put a before b. A ranked measure beats every
 * unranked one; two unranked measures are a tie (counted for neither).
 */
export function pairwise(candidates: readonly string[], ballots: readonly (readonly string[])[]): number[][] {
  const n = candidates.length;
  const index = new Map(candidates.map((c, i) => [c, i]));
  const d = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const ballot of ballots) {
    const rank = new Array<number>(n).fill(Infinity);
    ballot.forEach((id, r) => {
      const i = index.get(id);
      if (i !== undefined && rank[i] === Infinity) rank[i] = r;
    });
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (rank[a]! < rank[b]!) d[a]![b]! += 1;
  }
  return d;
}

/**
 * Schulze (widest paths, winning votes): p[a][b] is the strength of the strongest path from a to
 * b; a is ahead of b when p[a][b] > p[b][a]. Returns the order as groups of tied measures, best
 * first (in a group, `candidates` order). The relation is a strict partial order, so grouping by
 * the number of measures each one beats yields it.
 */
export function schulze(candidates: readonly string[], ballots: readonly (readonly string[])[]): string[][] {
  const n = candidates.length;
  const d = pairwise(candidates, ballots);
  const p = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i !== j && d[i]![j]! > d[j]![i]! ? d[i]![j]! : 0)));
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      for (let j = 0; j < n; j++) {
        if (j === i || j === k) continue;
        p[i]![j] = Math.max(p[i]![j]!, Math.min(p[i]![k]!, p[k]![j]!));
      }
    }
  const beats = (a: number, b: number) => p[a]![b]! > p[b]![a]!;
  const wins = candidates.map((_, a) => candidates.reduce((w, _c, b) => w + (beats(a, b) ? 1 : 0), 0));
  const order = candidates.map((_, i) => i).sort((a, b) => wins[b]! - wins[a]! || a - b);
  const groups: number[][] = [];
  for (const i of order) {
    const last = groups[groups.length - 1];
    if (last && wins[last[0]!] === wins[i] && !last.some((j) => beats(j, i) || beats(i, j))) last.push(i);
    else groups.push([i]);
  }
  return groups.map((g) => g.map((i) => candidates[i]!));
}

export interface SuggestedRanking {
  /** Ballots counted (members who ranked at least one measure). */
  voters: number;
  borda: BordaEntry[];
  schulze: string[][];
  /** The top `maxRanks` of the Borda order: what "adopt" writes (measures with points only). */
  suggestion: string[];
  /** Whether Schulze's order differs from Borda's where it matters: in the suggested places. */
  disagree: boolean;
}

/**
 * The suggested ranking of a chapter: Borda's top `maxRanks` measures with points, and whether
 * Schulze orders those places differently (a tie in Schulze where Borda picks one counts too).
 */
export function suggestRanking(candidates: readonly string[], ballots: readonly (readonly string[])[], maxRanks: number): SuggestedRanking {
  const counted = ballots.filter((b) => b.length > 0);
  const bordaOrder = borda(candidates, counted, maxRanks);
  const schulzeOrder = schulze(candidates, counted);
  const suggestion = bordaOrder.filter((e) => e.points > 0).slice(0, maxRanks).map((e) => e.id);
  // Schulze's flat order (ties in measure order), compared place by place with the suggestion;
  // a place Schulze leaves tied with the next measure is a disagreement too.
  const flat = schulzeOrder.flat();
  const groupOf = new Map(schulzeOrder.flatMap((g, i) => g.map((id) => [id, i] as const)));
  const disagree =
    counted.length > 0 &&
    suggestion.some((id, place) => flat[place] !== id || (groupOf.get(id) === groupOf.get(flat[place + 1] ?? "") && place + 1 < candidates.length));
  return { voters: counted.length, borda: bordaOrder, schulze: schulzeOrder, suggestion, disagree };
}

/** A member's reason for their view: one line. */
export const REASON_MAX = 280;

export type View = "yes" | "no" | "none";

/** Majority of Ja/Nei views ("no view" does not count); undefined on a tie or no votes. */
export function majority(tally: { yes: number; no: number }): "yes" | "no" | undefined {
  if (tally.yes > tally.no) return "yes";
  if (tally.no > tally.yes) return "no";
  return undefined;
}
