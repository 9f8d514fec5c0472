/**
 * The suggested ranking worked out the way the engineering notes describe it, independently of
 * consultation/voting.ts, for tests to compare the product with: rank 1 of N earns N points, rank
 * N one, unranked nothing; most points first, then most first places, then measure order; the top
 * N measures that have points.
 */
export function bordaTop(measures: readonly string[], ballots: readonly (readonly string[])[], maxRanks: number): string[] {
  const score = (m: string) => {
    let points = 0;
    let firsts = 0;
    for (const ballot of ballots) {
      const place = ballot.slice(0, maxRanks).indexOf(m);
      if (place >= 0) points += maxRanks - place;
      if (place === 0) firsts += 1;
    }
    return { m, points, firsts, at: measures.indexOf(m) };
  };
  return measures
    .map(score)
    .filter((s) => s.points > 0)
    .sort((a, b) => b.points - a.points || b.firsts - a.firsts || a.at - b.at)
    .slice(0, maxRanks)
    .map((s) => s.m);
}
