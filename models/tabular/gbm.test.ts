import { describe, expect, it } from "vitest";
import { auc } from "../../core/metrics.ts";
import { averageModels, fitGbm, gbmMargin, type GbmParams } from "./gbm.ts";
import { fitLinear, linearMargin } from "./linear.ts";
import { fitPlatt, applyPlatt } from "./calibrate.ts";
import { encodeBins, inferSchema, binCount } from "./schema.ts";
import type { FeatureRow } from "../types.ts";

const P: GbmParams = { learningRate: 0.3, maxDepth: 2, minLeaf: 5, lambda: 1, rowSample: 1, colSample: 1, maxRounds: 20, patience: 5, seed: 1 };

function dataset(rows: FeatureRow[], labels: number[]) {
  const y = Float64Array.from(labels);
  const idx = rows.map((_, i) => i);
  const columns = inferSchema(rows, y, idx);
  const bins = encodeBins(columns, rows);
  return { columns, idx, data: { bins, nBins: columns.map(binCount), categorical: columns.map((c) => c.kind === "categorical"), y } };
}

describe("boosted trees", () => {
  it("learns a non-contiguous set of categories in one split", () => {
    // Given: positive iff the category is "a" or "c" (not an interval in any fixed order)
    const cats = ["a", "b", "c", "d"];
    const rows = Array.from({ length: 200 }, (_, i) => ({ plan: cats[i % 4]! }));
    const labels = rows.map((r) => (r.plan === "a" || r.plan === "c" ? 1 : 0));
    const { data, idx } = dataset(rows, labels);
    // When one depth-1 tree is grown
    const { model } = fitGbm(data, idx, [], { ...P, maxDepth: 1, maxRounds: 1 });
    // Then its single split separates the classes perfectly
    const margins = idx.map((i) => gbmMargin(model, data.bins, i));
    expect(auc(margins, labels)).toBe(1);
    expect(model.trees[0]!.c[0]!.length).toBe(2);
  });

  it("routes missing values to the side where they belong", () => {
    // Given: missing income means conversion; the known values carry no signal
    const rows = Array.from({ length: 300 }, (_, i) => ({ income: i % 3 === 0 ? null : (i * 37) % 100 }));
    const labels = rows.map((r) => (r.income === null ? 1 : 0));
    const { data, idx } = dataset(rows, labels);
    const { model } = fitGbm(data, idx, [], P);
    const margins = idx.map((i) => gbmMargin(model, data.bins, i));
    expect(auc(margins, labels)).toBe(1);
  });

  it("stops early on validation loss when extra rounds only fit noise", () => {
    // Given random labels / When boosted with a validation set / Then few rounds are kept
    let s = 3;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const rows = Array.from({ length: 400 }, () => ({ x: rand(), z: rand() }));
    const labels = rows.map(() => (rand() < 0.5 ? 1 : 0));
    const { data, idx } = dataset(rows, labels);
    const fit = fitGbm(data, idx.slice(0, 300), idx.slice(300), { ...P, maxRounds: 200, patience: 10 });
    expect(fit.rounds).toBeLessThan(50);
  });
});

describe("bagged boosters", () => {
  it("average into one ensemble whose margin is the mean of the members' margins", () => {
    // Given three boosters on the same rows with different subsampling seeds
    const rows = Array.from({ length: 300 }, (_, i) => ({ x: (i * 37) % 101, plan: ["a", "b", "c"][i % 3]! }));
    const labels = rows.map((r, i) => (r.x > 50 !== (i % 7 === 0) ? 1 : 0));
    const { data, idx } = dataset(rows, labels);
    const members = [1, 2, 3].map((seed) => fitGbm(data, idx, [], { ...P, rowSample: 0.7, colSample: 0.5, seed }).model);
    // When averaged
    const avg = averageModels(members);
    // Then every row's margin is the mean of the members' margins (to rounding)
    for (const i of idx) {
      const mean = members.reduce((s, m) => s + gbmMargin(m, data.bins, i), 0) / 3;
      expect(gbmMargin(avg, data.bins, i)).toBeCloseTo(mean, 10);
    }
    expect(avg.trees.length).toBe(members.reduce((s, m) => s + m.trees.length, 0));
  });
});

describe("logistic model with numeric shapes", () => {
  it("learns a U-shaped effect that a single linear term cannot", () => {
    // Given: conversion is likely at both ends of x and unlikely in the middle
    const rows = Array.from({ length: 1000 }, (_, i) => ({ x: i % 100 }));
    const labels = rows.map((r, i) => ((r.x < 20 || r.x >= 80) !== (i % 10 === 0) ? 1 : 0));
    const { columns, data, idx } = dataset(rows, labels);
    // When fitted with and without quantile intervals
    const plain = fitLinear(columns, rows, data.bins, data.y, idx, 1, 0);
    const shaped = fitLinear(columns, rows, data.bins, data.y, idx, 1, 10);
    const aucOf = (m: typeof plain) => auc(idx.map((i) => linearMargin(columns, m, rows[i]!, data.bins, i)), labels);
    // Then only the shaped model ranks the ends above the middle
    expect(aucOf(shaped)).toBeGreaterThan(0.85);
    expect(aucOf(plain)).toBeLessThan(0.65);
  });
});

describe("Platt calibration", () => {
  it("maps margins to probabilities that match observed rates", () => {
    // Given margins that are twice the true log-odds
    let s = 11;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const z = Array.from({ length: 4000 }, () => (rand() - 0.5) * 6);
    const y = z.map((m) => (rand() < 1 / (1 + Math.exp(-m / 2)) ? 1 : 0));
    // When calibrated / Then the slope is about 1/2 and the intercept about 0
    const c = fitPlatt(z, y);
    expect(c.a).toBeGreaterThan(0.4);
    expect(c.a).toBeLessThan(0.6);
    expect(Math.abs(c.b)).toBeLessThan(0.15);
    expect(applyPlatt(c, 0)).toBeCloseTo(0.5, 1);
  });
});
