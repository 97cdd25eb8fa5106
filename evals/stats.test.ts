import { describe, expect, it } from "vitest";
import { aucSE, erfc, mcnemar, pairedBootstrap, quantile, seededRandom } from "./stats.ts";

describe("mcnemar", () => {
  it("uses the exact binomial for few discordant pairs (hand-computed)", () => {
    // Given 2 cases only the baseline got right and 8 only the candidate got right
    // When testing
    const r = mcnemar(2, 8);
    // Then p = 2 * (C(10,0) + C(10,1) + C(10,2)) / 2^10 = 2 * 56 / 1024
    expect(r.method).toBe("exact-binomial");
    expect(r.pValue).toBeCloseTo(0.109375, 10);
  });

  it("uses chi-square with continuity correction for many discordant pairs", () => {
    // Given b = 10, c = 30: statistic (|10 - 30| - 1)^2 / 40 = 9.025
    const r = mcnemar(10, 30);
    // Then p = P(chi2_1 > 9.025) = erfc(sqrt(9.025 / 2)) ≈ 0.0026631
    expect(r.method).toBe("chi-square-cc");
    expect(r.pValue).toBeCloseTo(0.0026631, 6);
  });

  it("is symmetric and 1 without discordant pairs", () => {
    expect(mcnemar(8, 2).pValue).toBeCloseTo(mcnemar(2, 8).pValue, 12);
    expect(mcnemar(0, 0).pValue).toBe(1);
    expect(mcnemar(5, 5).pValue).toBe(1);
  });
});

describe("helpers", () => {
  it("erfc matches known values", () => {
    expect(erfc(0)).toBeCloseTo(1, 6);
    expect(erfc(1)).toBeCloseTo(0.1572992, 6);
    expect(erfc(-1)).toBeCloseTo(1.8427008, 6);
  });

  it("aucSE follows Hanley & McNeil (AUC 0.8, 50 positives, 50 negatives: Q1 = 2/3, Q2 = 64/90)", () => {
    // sqrt((0.16 + 49 * (2/3 - 0.64) + 49 * (64/90 - 0.64)) / 2500) = sqrt(4.951111 / 2500)
    expect(aucSE(0.8, 50, 50)).toBeCloseTo(Math.sqrt(4.9511111 / 2500), 6);
    expect(aucSE(0.8, 0, 50)).toBeNaN();
  });

  it("quantile interpolates like numpy", () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
  });

  it("the generator is reproducible per seed", () => {
    const a = seededRandom(3), b = seededRandom(3), c = seededRandom(4);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
  });

  it("a paired bootstrap of identical statistics is exactly 0 with a [0, 0] interval", () => {
    const values = Array.from({ length: 50 }, (_, i) => (i * 37) % 11);
    const mean = (idx: readonly number[]) => idx.reduce((s, i) => s + values[i]!, 0) / idx.length;
    const r = pairedBootstrap(values.length, (idx) => mean(idx), { resamples: 200, seed: 1 });
    expect(r).toMatchObject({ diff: 0, ci: [0, 0], used: 200 });
  });
});
