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
 * b; a is ahead of b when p[a][b] > p[b][a]. The result is `ahead[a][b]`, a strict partial order
 * (transitive), not always a ranking: two measures may have no order between them while each is
 * ordered against a third in different ways.
 */
export function schulzeRelation(candidates: readonly string[], ballots: readonly (readonly string[])[]): boolean[][] {
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
  return p.map((row, a) => row.map((strength, b) => strength > p[b]![a]!));
}

/**
 * Schulze's result as groups, best first (in a group, `candidates` order), grouped by how many
 * measures each one is ahead of. It is the whole truth only when `complete`: every measure of a
 * group is ahead of every measure of every later group, and none in a group is ahead of another.
 * Otherwise (a partial order, e.g. ballots [d,a,b] and [b,c,d]: d ahead of a, b ahead of c, no
 * other order) the groups would claim orders that do not exist; `ahead` lists what does.
 */
export interface SchulzeOrder {
  groups: string[][];
  complete: boolean;
  /** The pairs [a, b] with a ahead of b, leaving out those that follow from others (a ahead of c ahead of b). */
  ahead: [string, string][];
}

export function schulzeOrder(candidates: readonly string[], ballots: readonly (readonly string[])[]): SchulzeOrder {
  const beats = schulzeRelation(candidates, ballots);
  const n = candidates.length;
  const wins = beats.map((row) => row.filter(Boolean).length);
  const order = candidates.map((_, i) => i).sort((a, b) => wins[b]! - wins[a]! || a - b);
  const groups: number[][] = [];
  for (const i of order) {
    const last = groups[groups.length - 1];
    if (last && wins[last[0]!] === wins[i] && !last.some((j) => beats[j]![i] || beats[i]![j])) last.push(i);
    else groups.push([i]);
  }
  const complete = groups.every((group, g) => groups.slice(g + 1).every((later) => group.every((a) => later.every((b) => beats[a]![b]))));
  const ahead: [string, string][] = [];
  for (const a of order)
    for (const b of order)
      if (beats[a]![b] && !Array.from({ length: n }, (_, c) => c).some((c) => beats[a]![c] && beats[c]![b]))
        ahead.push([candidates[a]!, candidates[b]!]);
  return { groups: groups.map((g) => g.map((i) => candidates[i]!)), complete, ahead };
}

/** Schulze's groups, best first (see SchulzeOrder: honest only when `complete`). */
export function schulze(candidates: readonly string[], ballots: readonly (readonly string[])[]): string[][] {
  return schulzeOrder(candidates, ballots).groups;
}

/**
 * The cross-check as text: "2 = 4 > 1 = 3" when Schulze gives a ranking (ties as "="), or else
 * only the orders that exist ("4 > 1, 2 > 3") and `partial: true`, so the caller says that there
 * is no order between any other two.
 */
export function schulzeText(order: Pick<SchulzeOrder, "groups" | "complete" | "ahead">, label: (id: string) => string = (id) => id): { text: string; partial: boolean } {
  if (order.complete) return { text: order.groups.map((g) => g.map(label).join(" = ")).join(" > "), partial: false };
  return { text: order.ahead.map(([a, b]) => `${label(a)} > ${label(b)}`).join(", "), partial: true };
}

export interface SuggestedRanking {
  /** Ballots counted (members who ranked at least one measure). */
  voters: number;
  borda: BordaEntry[];
  /** Schulze's groups (a ranking only when `schulzeComplete`). */
  schulze: string[][];
  schulzeComplete: boolean;
  /** Schulze's orders that exist, [ahead, behind] (see SchulzeOrder.ahead). */
  schulzeAhead: [string, string][];
  /** The top `maxRanks` of the Borda order: what "adopt" writes (measures with points only). */
  suggestion: string[];
  /** Whether Schulze's order differs from Borda's where it matters: in the suggested places. */
  disagree: boolean;
}

/**
 * The suggested ranking of a chapter: Borda's top `maxRanks` measures with points, and whether
 * Schulze disagrees on those places: Schulze agrees with place k only when the suggested measure
 * is ahead of every measure not placed before it (a tie or no order counts as disagreement).
 */
export function suggestRanking(candidates: readonly string[], ballots: readonly (readonly string[])[], maxRanks: number): SuggestedRanking {
  const counted = ballots.filter((b) => b.length > 0);
  const bordaOrder = borda(candidates, counted, maxRanks);
  const order = schulzeOrder(candidates, counted);
  const suggestion = bordaOrder.filter((e) => e.points > 0).slice(0, maxRanks).map((e) => e.id);
  const beats = schulzeRelation(candidates, counted);
  const index = new Map(candidates.map((c, i) => [c, i]));
  const disagree =
    counted.length > 0 &&
    suggestion.some((id, place) => {
      const placed = new Set(suggestion.slice(0, place + 1));
      return candidates.some((other) => !placed.has(other) && !beats[index.get(id)!]![index.get(other)!]);
    });
  return { voters: counted.length, borda: bordaOrder, schulze: order.groups, schulzeComplete: order.complete, schulzeAhead: order.ahead, suggestion, disagree };
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
