import { describe, expect, it } from "vitest";
import { auc } from "../../evals/metrics.ts";
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

  it("reports a cross-fitted AUC that does not flatter a choice among noise", () => {
    // Given labels unrelated to every candidate
    const rand = prng(11);
    const n = 800;
    const labels = Array.from({ length: n }, () => rand() < 0.5);
    const linear = Array.from({ length: 6 }, () => noise(n, rand));
    const fold = stratifiedFolds(Float64Array.from(labels, Number), 5, rand);
    // When the best linear candidate and weight are picked
    const c = chooseBlend(noise(n, rand), linear, labels, fold, 5);
    // Then the selected AUC looks better than chance, the cross-fitted one does not
    const selected = auc([...c.oof], labels);
    expect(selected).toBeGreaterThan(0.5);
    expect(c.nestedAuc).toBeLessThan(selected);
  });
});
