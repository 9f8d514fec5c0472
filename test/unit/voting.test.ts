import { describe, expect, it } from "vitest";
import { borda, majority, pairwise, schulze, schulzeOrder, schulzeRelation, schulzeText, suggestRanking } from "../../consultation/voting";

/** Expands "count × order" groups into ballots. */
const ballots = (groups: [number, string][]) => groups.flatMap(([n, order]) => Array.from({ length: n }, () => order.split("")));

// Wikipedia, "Schulze method", the example with 45 voters and 5 candidates.
const WIKIPEDIA_SCHULZE = ballots([
  [5, "ACBED"],
  [5, "ADECB"],
  [8, "BEDAC"],
  [3, "CABED"],
  [7, "CAEBD"],
  [2, "CBADE"],
  [7, "DCEBA"],
  [8, "EBADC"],
]);

describe("Schulze", () => {
  it("reproduces Wikipedia's worked example: E > A > C > B > D", () => {
    const d = pairwise(["A", "B", "C", "D", "E"], WIKIPEDIA_SCHULZE);
    // The published pairwise matrix.
    expect(d).toEqual([
      [0, 20, 26, 30, 22],
      [25, 0, 16, 33, 18],
      [19, 29, 0, 17, 24],
      [15, 12, 28, 0, 14],
      [23, 27, 21, 31, 0],
    ]);
    expect(schulze(["A", "B", "C", "D", "E"], WIKIPEDIA_SCHULZE)).toEqual([["E"], ["A"], ["C"], ["B"], ["D"]]);
  });

  it("a ranked measure beats every unranked one; unranked measures tie", () => {
    expect(pairwise(["a", "b", "c"], [["b"]])).toEqual([
      [0, 0, 0],
      [1, 0, 1],
      [0, 0, 0],
    ]);
    expect(schulze(["a", "b", "c"], [["b"]])).toEqual([["b"], ["a", "c"]]);
  });

  it("a perfect cycle is one tie (in measure order)", () => {
    const cycle = [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]];
    expect(schulze(["a", "b", "c"], cycle)).toEqual([["a", "b", "c"]]);
  });

  it("no ballots: everything tied", () => {
    expect(schulze(["a", "b"], [])).toEqual([["a", "b"]]);
  });
});

// Wikipedia, "Borda count" (and "Condorcet method"): the Tennessee capital example, per 100 voters.
const TENNESSEE = ballots([
  [42, "MNCK"],
  [26, "NCKM"],
  [15, "CKNM"],
  [17, "KCNM"],
]);

describe("Borda (truncated: rank 1 of N earns N points)", () => {
  it("Tennessee: Nashville 194, Chattanooga 173, Memphis 126, Knoxville 107 on the n−1…0 scale (ours adds 1 per ranked ballot)", () => {
    const result = borda(["M", "N", "C", "K"], TENNESSEE, 4);
    // The published Borda scores give 3,2,1,0; rank 1 of 4 earning 4 adds one point per ballot (100).
    expect(result.map((e) => [e.id, e.points - 100])).toEqual([
      ["N", 194],
      ["C", 173],
      ["M", 126],
      ["K", 107],
    ]);
    expect(result.find((e) => e.id === "M")!.firstPlaces).toBe(42);
  });

  it("Tennessee: Borda and Schulze disagree (Condorcet puts Knoxville above Memphis, 58 to 42)", () => {
    expect(schulze(["M", "N", "C", "K"], TENNESSEE)).toEqual([["N"], ["C"], ["K"], ["M"]]);
    const s = suggestRanking(["M", "N", "C", "K"], TENNESSEE, 4);
    expect(s.suggestion).toEqual(["N", "C", "M", "K"]);
    expect(s.disagree).toBe(true);
    // With only the top 3 compared, still different (3rd place M vs K).
    expect(suggestRanking(["M", "N", "C", "K"], TENNESSEE, 3).disagree).toBe(true);
  });

  it("truncation: unranked earns nothing, only the first N places count", () => {
    const result = borda(["a", "b", "c", "d"], [["a", "b", "c"], ["c"], ["b", "a"]], 3);
    expect(result).toEqual([
      { id: "a", points: 5, firstPlaces: 1 },
      { id: "b", points: 5, firstPlaces: 1 },
      { id: "c", points: 4, firstPlaces: 1 },
      { id: "d", points: 0, firstPlaces: 0 },
    ]);
  });

  it("ties: points, then first places, then measure order", () => {
    // b and c both 2 points; c has a first place, b none: c first although b comes first in the chapter.
    expect(borda(["a", "b", "c"], [["a", "b"], ["c"], ["a", "b"]], 2).map((e) => [e.id, e.points, e.firstPlaces])).toEqual([
      ["a", 4, 2],
      ["c", 2, 1],
      ["b", 2, 0],
    ]);
    const tied = borda(["a", "b", "c"], [["b", "a"], ["c"]], 2);
    // a: 1, b: 2 (1 first), c: 2 (1 first): b before c by measure order.
    expect(tied.map((e) => [e.id, e.points, e.firstPlaces])).toEqual([
      ["b", 2, 1],
      ["c", 2, 1],
      ["a", 1, 0],
    ]);
    // Equal points (4), first places decide: x 2 firsts, y 1.
    expect(borda(["x", "y"], [["x", "y"], ["x", "y"], ["y"]], 2).map((e) => e.id)).toEqual(["x", "y"]);
    expect(borda(["x", "y", "z"], [["z", "x"], ["z", "x"], ["x", "y"], ["y", "z"], ["y"]], 2).map((e) => [e.id, e.points, e.firstPlaces])).toEqual([
      // Equal points and first places: measure order (y before z).
      ["y", 5, 2],
      ["z", 5, 2],
      ["x", 4, 1],
    ]);
  });
});

describe("Schulze as a partial order", () => {
  // Counterexample: d beats a 2–0 and b beats c 2–0; a–b, a–c, b–d and c–d are 1–1 with no
  // stronger path either way. Grouping by wins printed "b = d > a = c", claiming b ahead of a.
  const BALLOTS = [["d", "a", "b"], ["b", "c", "d"]];
  it("ballots [d,a,b], [b,c,d]: only d > a and b > c; no order between b and a", () => {
    const order = schulzeOrder(["a", "b", "c", "d"], BALLOTS);
    expect(order.complete).toBe(false);
    expect(order.ahead).toEqual([["b", "c"], ["d", "a"]]);
    const beats = schulzeRelation(["a", "b", "c", "d"], BALLOTS);
    expect([beats[1]![0], beats[0]![1]]).toEqual([false, false]); // b, a: neither ahead
    const { text, partial } = schulzeText(order);
    expect(text).toBe("b > c, d > a");
    expect(partial).toBe(true);
    expect(text).not.toContain("=");
  });
  it("a ranking is printed as one, ties as '='", () => {
    expect(schulzeText(schulzeOrder(["A", "B", "C", "D", "E"], WIKIPEDIA_SCHULZE))).toEqual({ text: "E > A > C > B > D", partial: false });
    expect(schulzeText(schulzeOrder(["a", "b", "c"], [["b"]]))).toEqual({ text: "b > a = c", partial: false });
    expect(schulzeText(schulzeOrder(["a", "b"], []))).toEqual({ text: "a = b", partial: false });
  });
  it("on random ballots the relation is a strict partial order, and the printed text claims only what holds", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ids = ["a", "b", "c", "d", "e"];
    for (let run = 0; run < 300; run++) {
      const ballots = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
        [...ids].sort(() => random() - 0.5).slice(0, Math.floor(random() * 4)),
      );
      const beats = schulzeRelation(ids, ballots);
      for (let a = 0; a < 5; a++)
        for (let b = 0; b < 5; b++) {
          if (beats[a]![b]) expect(beats[b]![a]).toBe(false);
          for (let c = 0; c < 5; c++) if (beats[a]![b] && beats[b]![c]) expect(beats[a]![c]).toBe(true);
        }
      const order = schulzeOrder(ids, ballots);
      const at = (id: string) => ids.indexOf(id);
      if (order.complete)
        order.groups.forEach((group, g) => {
          for (const x of group) for (const y of group) expect(beats[at(x)]![at(y)]).toBe(false);
          for (const later of order.groups.slice(g + 1)) for (const x of group) for (const y of later) expect(beats[at(x)]![at(y)]).toBe(true);
        });
      // Every printed pair holds, and every order that holds follows from the printed pairs.
      for (const [x, y] of order.ahead) expect(beats[at(x)]![at(y)]).toBe(true);
      const closure = ids.map((x) => ids.map((y) => order.ahead.some(([p, q]) => p === x && q === y)));
      for (let k = 0; k < 5; k++) for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) if (closure[i]![k] && closure[k]![j]) closure[i]![j] = true;
      expect(closure).toEqual(beats);
    }
  });
  it("the suggestion disagrees where Schulze gives no order for a suggested place", () => {
    // Borda (3 ranks): d 3, b 3+…: whatever Borda picks first, Schulze puts it ahead of not all others.
    const s = suggestRanking(["a", "b", "c", "d"], BALLOTS, 3);
    expect(s.schulzeComplete).toBe(false);
    expect(s.schulzeAhead).toEqual([["b", "c"], ["d", "a"]]);
    expect(s.disagree).toBe(true);
  });
});

describe("suggested ranking", () => {
  it("agreeing methods, empty ballots not counted, only measures with points suggested", () => {
    const s = suggestRanking(["a", "b", "c", "d"], [["a", "b"], ["a"], [], ["b", "a"]], 3);
    expect(s.voters).toBe(3);
    expect(s.suggestion).toEqual(["a", "b"]);
    expect(s.schulze[0]).toEqual(["a"]);
    expect(s.disagree).toBe(false);
  });
  it("a Schulze tie where Borda picks one is reported", () => {
    const s = suggestRanking(["a", "b"], [["a", "b"], ["b", "a"]], 2);
    expect(s.suggestion).toEqual(["a", "b"]);
    expect(s.schulze).toEqual([["a", "b"]]);
    expect(s.disagree).toBe(true);
  });
  it("nobody ranked: no suggestion, no disagreement", () => {
    expect(suggestRanking(["a", "b"], [], 2)).toMatchObject({ voters: 0, suggestion: [], disagree: false });
  });
});

describe("majority", () => {
  it("Ja or Nei with more votes; a tie or no votes is none", () => {
    expect(majority({ yes: 3, no: 2 })).toBe("yes");
    expect(majority({ yes: 1, no: 4 })).toBe("no");
    expect(majority({ yes: 2, no: 2 })).toBeUndefined();
    expect(majority({ yes: 0, no: 0 })).toBeUndefined();
  });
});

describe("the test oracle for the suggested ranking (test/support/borda-oracle.ts)", () => {
  it("gives the demo's kap3 ballots, worked out by hand: 2 (17 points), 1 (16), 3 (12)", async () => {
    const { bordaTop } = await import("../support/borda-oracle");
    const t3 = (...n: number[]) => n.map((i) => `kap3-tiltak-${i}`);
    const ballots = [t3(1, 2, 6), t3(1, 2), t3(1, 2, 7), t3(1, 3), t3(2, 1), t3(2, 3, 6), t3(2, 3), t3(3, 2), t3(3, 1)];
    const measures = t3(1, 2, 3, 4, 5, 6, 7);
    expect(bordaTop(measures, ballots, 3)).toEqual(t3(2, 1, 3));
    expect(suggestRanking(measures, ballots, 3).suggestion).toEqual(t3(2, 1, 3));
  });
});
