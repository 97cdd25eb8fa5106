import { describe, expect, it } from "vitest";
import { auc } from "../../core/metrics.ts";
import type { FeatureRow } from "../types.ts";
import { chooseCrosses, crossKey, crossWeight, rankColumns } from "./cross.ts";
import { fitGbm, gbmMargin } from "./gbm.ts";
import { fitLinear, linearMargin } from "./linear.ts";
import { compileBinary, explainCompiled, type BinaryParams } from "./model.ts";
import { binaryParamsSchema } from "./params-schema.ts";
import { prng } from "./prng.ts";
import { binCount, encodeBins, inferSchema } from "./schema.ts";
import { fitTabular } from "./train.ts";

/** Outcome = plan XOR region (each alone carries nothing), plus a weak number and noise. */
function xorRows(n: number, seed: number): { rows: FeatureRow[]; labels: number[] } {
  const rand = prng(seed);
  const rows: FeatureRow[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const plan = rand() < 0.5 ? "basic" : "pro";
    const region = rand() < 0.5 ? "north" : "south";
    const x = rand();
    const z = ((plan === "pro") !== (region === "south") ? 2 : -2) + (x - 0.5);
    rows.push({ plan, region, x: Number(x.toFixed(3)), constant: "same", flag: rand() < 0.5 });
    labels.push(rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
  }
  return { rows, labels };
}

function prepared(n: number, seed: number) {
  const { rows, labels } = xorRows(n, seed);
  const y = Float64Array.from(labels);
  const idx = rows.map((_, i) => i);
  const columns = inferSchema(rows, y, idx);
  return { rows, labels, y, idx, columns, bins: encodeBins(columns, rows) };
}

describe("pairwise crosses", () => {
  it("ranks informative non-numeric columns first and leaves numeric and one-valued columns out", () => {
    // Given: a categorical that alone predicts the outcome, a coin-flip flag, a number and a constant
    const rand = prng(3);
    const rows: FeatureRow[] = Array.from({ length: 400 }, (_, i) => ({ tier: i % 2 === 0 ? "gold" : "tin", flag: rand() < 0.5, x: rand(), constant: "same" }));
    const y = Float64Array.from(rows, (r, i) => (r.tier === "gold" ? (i % 10 < 9 ? 1 : 0) : i % 10 < 1 ? 1 : 0));
    const idx = rows.map((_, i) => i);
    const columns = inferSchema(rows, y, idx);
    // When the columns are ranked
    const ranked = rankColumns(columns, encodeBins(columns, rows), y, idx).map((j) => columns[j]!.name);
    // Then the predictive tier comes first, the flag is kept, the number is not crossed
    expect(ranked).toEqual(["tier", "flag"]);
  });

  it("keeps only frequent value pairs and stays within the weight budget", () => {
    const { columns, bins, y, idx } = prepared(300, 5);
    // When crosses are chosen with a generous and with a tiny budget
    const specs = chooseCrosses(columns, bins, y, idx);
    const none = chooseCrosses(columns, bins, y, idx, 8, 3);
    // Then plan × region is crossed with its four frequent pairs, and nothing fits 3 weights
    const names = specs.map((s) => `${columns[s.a]!.name} × ${columns[s.b]!.name}`);
    expect(names).toContain("plan × region");
    expect(specs.find((s) => columns[s.a]!.name === "plan" && columns[s.b]!.name === "region")!.pairs).toHaveLength(4);
    expect(none).toEqual([]);
  });

  it("lets the logistic model learn an interaction it cannot express alone", () => {
    // Given: plan XOR region decides the outcome
    const { rows, labels, y, idx, columns, bins } = prepared(600, 9);
    // When fitted without and with the crosses
    const plain = fitLinear(columns, rows, bins, y, idx, 1, 0);
    const crossed = fitLinear(columns, rows, bins, y, idx, 1, 0, chooseCrosses(columns, bins, y, idx));
    const aucOf = (m: typeof plain) => auc(idx.map((i) => linearMargin(columns, m, rows[i]!, bins, i)), labels);
    // Then only the crossed model ranks the cases well
    expect(aucOf(plain)).toBeLessThan(0.6);
    expect(aucOf(crossed)).toBeGreaterThan(0.8);
    // and scoring a row from its raw values (no precomputed bins) gives the same margin
    expect(linearMargin(columns, crossed, rows[0]!)).toBeCloseTo(linearMargin(columns, crossed, rows[0]!, bins, 0), 12);
  });

  it("looks pair weights up exactly and gives unseen pairs no term", () => {
    const c = { a: 0, b: 1, pairs: [crossKey(1, 2), crossKey(2, 1), crossKey(3, 0)], w: [0.5, -1, 2], center: 0 };
    expect(crossWeight(c, 1, 2)).toBe(0.5);
    expect(crossWeight(c, 2, 1)).toBe(-1);
    expect(crossWeight(c, 3, 0)).toBe(2);
    expect(crossWeight(c, 2, 2)).toBe(0);
  });

  it("credits a model's crosses to their two columns: contributions still sum to the margin", () => {
    // Given a blend of trees and a logistic model with crosses
    const p = blendedParams();
    expect(p.linear?.crosses?.length ?? 0).toBeGreaterThan(0);
    expect(binaryParamsSchema.safeParse(JSON.parse(JSON.stringify(p))).success).toBe(true);
    const m = compileBinary(p);
    const { rows } = xorRows(600, 9);
    const bins = encodeBins(p.columns, rows);
    for (const i of [0, 1, 2, 50, 400]) {
      // When a case is explained
      const e = explainCompiled(m, rows[i]!);
      // Then base + contributions is the blended margin of the two members
      const sum = e.contributions.reduce((s, v) => s + v, e.base);
      const direct = 0.5 * gbmMargin(p.gbm!, bins, i) + 0.5 * linearMargin(p.columns, p.linear!, rows[i]!);
      expect(sum).toBeCloseTo(e.margin, 9);
      expect(e.margin).toBeCloseTo(direct, 9);
      // and the XOR columns carry the explanation
      const [plan, region, x] = ["plan", "region", "x"].map((n) => Math.abs(e.contributions[p.columns.findIndex((c) => c.name === n)]!));
      expect(plan! + region!).toBeGreaterThan(x!);
    }
  });

  it("rejects a stored cross that points outside the columns", () => {
    const p = JSON.parse(JSON.stringify(blendedParams())) as { linear: { crosses: { b: number }[] } };
    p.linear.crosses[0]!.b = 99;
    expect(binaryParamsSchema.safeParse(p).success).toBe(false);
  });

  it("are part of the fitted learner when the data allow a shaped logistic model", () => {
    // Given enough rows for the shaped variant / When the learner is fitted
    const { rows, labels } = xorRows(800, 11);
    const fit = fitTabular(rows, labels.map((l) => l === 1), { seed: 3, bags: 1 });
    // Then it records how many crosses the final logistic model holds (0 when trees alone won)
    expect(fit.params.config.linearCrosses).toBe(fit.params.linear?.crosses?.length ?? 0);
    expect(fit.cv.aucLinear).toBeGreaterThan(0.75);
  });
});

function blendedParams(): BinaryParams {
  const { rows, y, idx, columns, bins } = prepared(600, 9);
  const data = { bins, nBins: columns.map(binCount), categorical: columns.map((c) => c.kind === "categorical"), y };
  const gbm = fitGbm(data, idx, [], { learningRate: 0.3, maxDepth: 2, minLeaf: 5, lambda: 1, rowSample: 1, colSample: 1, maxRounds: 10, patience: 5, seed: 1 }).model;
  const linear = fitLinear(columns, rows, bins, y, idx, 1, 0, chooseCrosses(columns, bins, y, idx));
  return { columns, gbm, linear, blend: { gbm: 0.5, linear: 0.5 }, calibration: { a: 1, b: 0 }, config: {} };
}
