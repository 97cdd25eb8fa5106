import { describe, expect, it } from "vitest";
import { isAppError } from "../../core/errors.ts";
import { blendInto, buildNeighbourIndex, nearest, votes } from "./knn.ts";
import { parseTextParams } from "./params.ts";
import type { SparseRow } from "./vectorize.ts";

const row = (pairs: [number, number][]): SparseRow => {
  const norm = Math.hypot(...pairs.map(([, v]) => v));
  return { idx: Int32Array.from(pairs, ([f]) => f), val: Float64Array.from(pairs, ([, v]) => v / norm) };
};

describe("nearest neighbours on word vectors", () => {
  // Given three training tickets over four features
  const train = [row([[0, 1], [1, 1]]), row([[2, 1], [3, 1]]), row([[0, 1], [3, 1]])];
  const index = buildNeighbourIndex(train, 4);
  const acc = new Float64Array(train.length);

  it("ranks an identical ticket first and leaves out tickets sharing no word", () => {
    // When a copy of the first ticket is queried
    const found = nearest(index, row([[0, 1], [1, 1]]), 5, acc);
    // Then it is its own best match (cosine 1), the partial overlap next, the disjoint one absent
    expect(found.map((n) => n.row)).toEqual([0, 2]);
    expect(found[0]?.sim).toBeCloseTo(1, 6);
    // and the scratch accumulator is clean for the next query
    expect([...acc].every((x) => x === 0)).toBe(true);
  });

  it("keeps only the k best", () => {
    expect(nearest(index, row([[0, 1], [3, 1]]), 1, acc).map((n) => n.row)).toEqual([2]);
  });

  it("votes by similarity and blends with the linear probabilities", () => {
    // Given neighbours labelled 1 (close) and 0 (far)
    const q = votes([{ row: 0, sim: 0.9 }, { row: 1, sim: 0.3 }], Int32Array.from([1, 0]), 2, { k: 5, power: 1 });
    expect(q[1]).toBeCloseTo(0.75, 6);
    // When blended at weight 0.5 with a linear model leaning to label 0
    const p = blendInto(Float64Array.from([0.6, 0.4]), q, 0.5);
    // Then the close duplicate's label wins and the result is still a distribution
    expect(p[1]).toBeGreaterThan(p[0] as number);
    expect((p[0] as number) + (p[1] as number)).toBeCloseTo(1, 9);
  });

  it("falls back to uniform votes when no neighbour is labelled", () => {
    expect([...votes([], Int32Array.from([]), 4, { k: 5, power: 1 })]).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});

describe("stored neighbour tickets", () => {
  const base = {
    schema: "text-routing/1",
    terms: { bigrams: true, chars: false, subjectWords: false, meta: false, maxTokens: 400 },
    vocab: { minDf: 1, maxWords: 10, maxChars: 0, maxMeta: 0, wordScale: 1, charScale: 1, metaScale: 1 },
    features: ["word:a", "word:b"],
    idf: [1, 1],
    queue: { labels: ["x", "y"], c: 1, scale: 1, bias: [0, 0], weights: [1, 0, 0, 1], cvPerLabel: {}, neighbours: { k: 3, power: 1, weight: 0.3 } },
  };

  it("accepts consistent tickets", () => {
    const p = parseTextParams({ ...base, neighbours: { offsets: [0, 2, 3], ids: [0, 0, 1], queue: [0, 1], priority: [-1, -1] } });
    expect(p.neighbours?.queue).toEqual([0, 1]);
  });

  it("rejects a damaged file with MODEL_INVALID", () => {
    for (const neighbours of [
      { offsets: [0, 2, 4], ids: [0, 0, 1], queue: [0, 1], priority: [-1, -1] }, // offsets beyond ids
      { offsets: [0, 1], ids: [5], queue: [0], priority: [-1] }, // unknown feature
      { offsets: [0, 1], ids: [0], queue: [2], priority: [-1] }, // unknown label
    ]) {
      let error: unknown;
      try {
        parseTextParams({ ...base, neighbours });
      } catch (e) {
        error = e;
      }
      expect(isAppError(error) && error.code).toBe("MODEL_INVALID");
    }
  });
});
