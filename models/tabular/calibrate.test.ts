import { describe, expect, it } from "vitest";
import { applyPlatt, fitPlatt } from "./calibrate.ts";

describe("Platt calibration on awkward margins", () => {
  it("matches the closed-form slope on a symmetric sample", () => {
    // Given margins -1 for three negatives and +1 for three positives: by symmetry b = 0,
    // and σ(a) must equal the smoothed target (3+1)/(3+2), so a = ln 4
    const c = fitPlatt([-1, -1, -1, 1, 1, 1], [0, 0, 0, 1, 1, 1]);
    // Then the fit lands on the known values
    expect(c.a).toBeCloseTo(Math.log(4), 5);
    expect(c.b).toBeCloseTo(0, 6);
  });

  it("stays finite and moderate when the classes are perfectly separated", () => {
    // Given out-of-fold margins that separate the classes far out on the tails
    const m: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 50; i++) m.push(10 + i, -10 - i), y.push(1, 0);
    // When calibrated, also with margins a hundred times larger
    const c = fitPlatt(m, y);
    const big = fitPlatt(m.map((v) => v * 100), y);
    // Then the slope is finite, positive and no larger than the smoothed targets justify:
    // the closest positive gets a probability below (N+ + 1)/(N+ + 2), not 1
    for (const k of [c, big]) {
      expect(Number.isFinite(k.a) && Number.isFinite(k.b)).toBe(true);
      expect(k.a).toBeGreaterThan(0);
    }
    expect(c.a).toBeLessThan(1);
    expect(applyPlatt(c, 10)).toBeLessThan(51 / 52);
    expect(applyPlatt(c, 10)).toBeGreaterThan(0.5);
    // and scaling the margins scales the slope back: the probabilities are the same
    expect(applyPlatt(big, 1000)).toBeCloseTo(applyPlatt(c, 10), 6);
  });

  it("gives every case the base rate when the margins rank the wrong way round", () => {
    // Given margins that are higher for the negatives (a model with no held-out signal)
    const c = fitPlatt([1, 2, 3, 4, -1, -2], [0, 0, 0, 0, 1, 1]);
    // Then the calibration does not reverse the ranking: a flat base-rate probability
    expect(c.a).toBe(0);
    expect(applyPlatt(c, 5)).toBeCloseTo((2 * (3 / 4) + 4 * (1 / 6)) / 6, 6);
  });

  it("returns the base rate when every margin is the same", () => {
    // Given identical margins / When calibrated / Then the probability is the smoothed rate
    const c = fitPlatt([0.3, 0.3, 0.3, 0.3], [1, 0, 0, 0]);
    expect(applyPlatt(c, 0.3)).toBeCloseTo((2 / 3 + 3 / 5) / 4, 4);
  });
});
