import { describe, expect, it } from "vitest";
import { auc } from "../../core/metrics.ts";
import { chooseBlend } from "./blend.ts";
import { prng, stratifiedFolds } from "./prng.ts";

function noise(n: number, rand: () => number): Float64Array {
  return Float64Array.from({ length: n }, () => rand() - 0.5);
}

describe("chooseBlend", () => {
  it("keeps the trees alone when the logistic candidates are noise", () => {
    // Given tree margins that carry the signal and linear margins that do not
    const rand = prng(3);
    const labels = Array.from({ length: 600 }, () => rand() < 0.4);
    const gbm = Float64Array.from(labels, (l) => (l ? 1 : -1) + (rand() - 0.5) * 3);
    const fold = stratifiedFolds(Float64Array.from(labels, Number), 5, rand);
    // When the blend is chosen / Then the weight stays (almost) on the trees
    const c = chooseBlend(gbm, [noise(600, rand), noise(600, rand)], labels, fold, 5);
    expect(c.w).toBeGreaterThanOrEqual(0.8);
    expect(auc([...c.oof], labels)).toBeGreaterThanOrEqual(auc([...gbm], labels));
  });

  it("does not let a lucky choice among noise candidates into the blend", () => {
    // Given trees with a weak real signal and six logistic candidates that are pure noise
    const rand = prng(11);
    const n = 800;
    const gbm = noise(n, rand);
    const labels = Array.from(gbm, (g) => g + (rand() - 0.5) * 4 > 0);
    const linear = Array.from({ length: 6 }, () => noise(n, rand));
    const fold = stratifiedFolds(Float64Array.from(labels, Number), 5, rand);
    // When the best linear candidate and weight are picked
    const c = chooseBlend(gbm, linear, labels, fold, 5);
    // Then the best noise candidate looks better than chance on the folds, its
    // cross-fitted figure does not, and the trees are kept alone
    const bestOnFolds = Math.max(...linear.map((l) => auc([...l], labels)));
    expect(bestOnFolds).toBeGreaterThan(0.5);
    expect(c.nestedAuc).toBeLessThanOrEqual(auc([...gbm], labels));
    expect(c.fellBack).toBe(true);
    expect(c.w).toBe(1);
    expect([...c.oof]).toEqual([...gbm]);
  });

  it("keeps a blend that also wins when chosen on the other folds", () => {
    // Given trees and a logistic model that each see half of the signal
    const rand = prng(5);
    const n = 1000;
    const a = Float64Array.from({ length: n }, () => rand() - 0.5);
    const b = Float64Array.from({ length: n }, () => rand() - 0.5);
    const labels = Array.from({ length: n }, (_, i) => a[i]! + b[i]! + (rand() - 0.5) * 0.3 > 0);
    const fold = stratifiedFolds(Float64Array.from(labels, Number), 5, rand);
    // When the blend is chosen / Then both models get weight
    const c = chooseBlend(a, [b], labels, fold, 5);
    expect(c.fellBack).toBe(false);
    expect(c.w).toBeGreaterThan(0.2);
    expect(c.w).toBeLessThan(0.8);
    expect(c.nestedAuc).toBeGreaterThan(auc([...a], labels));
  });
});
