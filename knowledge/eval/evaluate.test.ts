import { describe, expect, it } from "vitest";
import { scoreHalves, scoreRankings } from "./evaluate.ts";

// Four questions; the expected document sits at rank 1, 3, absent, 6 (1-based).
const RANKINGS = [
  ["a", "x", "y"],
  ["x", "y", "b", "z"],
  ["x", "y", "z"],
  ["p", "q", "r", "s", "t", "d"],
];
const EXPECTED = [["a"], ["b"], ["c"], ["d"]];

describe("kb eval metrics", () => {
  it("Given ranks 1, 3, none and 6, when scored at k = 5, then hit@5 counts two and MRR@10 averages 1, 1/3, 0 and 1/6", () => {
    const m = scoreRankings(RANKINGS, EXPECTED, 5);
    expect(m.hitAtK).toBe(0.5);
    expect(m.mrr).toBeCloseTo((1 + 1 / 3 + 0 + 1 / 6) / 4, 4);
  });

  it("Given the same questions, when split into halves, then questions 1 and 3 form the tune half and 2 and 4 the held-out half", () => {
    const h = scoreHalves(RANKINGS, EXPECTED, 5);
    // Tune: ranks 1 and none → hit 0.5, MRR 0.5. Held out: ranks 3 and 6 → hit 0.5 (6 > k), MRR (1/3 + 1/6) / 2.
    expect(h.tune).toEqual({ hitAtK: 0.5, mrr: 0.5 });
    expect(h.heldOut.hitAtK).toBe(0.5);
    expect(h.heldOut.mrr).toBeCloseTo(0.25, 4);
  });

  it("Given one question, when split, then the held-out half is empty and scores zero rather than failing", () => {
    const h = scoreHalves([["a"]], [["a"]], 5);
    expect(h.tune).toEqual({ hitAtK: 1, mrr: 1 });
    expect(h.heldOut).toEqual({ hitAtK: 0, mrr: 0 });
  });
});
