import { describe, expect, it } from "vitest";
import { auc } from "../../core/metrics.ts";
import type { FeatureRow } from "../types.ts";
import { encodableColumns, encodedName, encodeTraining, fitEncoding, SMOOTHING } from "./encode.ts";
import { compileBinary, explainCompiled, factorLabel } from "./model.ts";
import { binaryParamsSchema } from "./params-schema.ts";
import { inferSchema, numericValue, type NumericColumn } from "./schema.ts";
import { fitTabular } from "./train.ts";
import { mulberry32 } from "../../core/random.ts";

/** Rows whose outcome depends only on a 300-level owner with a long tail of rare levels. */
function owners(n: number, seed: number): { rows: FeatureRow[]; labels: boolean[] } {
  const rand = mulberry32(seed);
  const effect = Array.from({ length: 300 }, (_, l) => (l % 3 === 0 ? 2 : -1.5));
  const rows: FeatureRow[] = [];
  const labels: boolean[] = [];
  for (let i = 0; i < n; i++) {
    // Half the rows on 20 frequent owners, half spread over 280 rare ones.
    const l = rand() < 0.5 ? Math.floor(rand() * 20) : 20 + Math.floor(rand() * 280);
    rows.push({ owner: `owner ${l}`, noise: Math.round(rand() * 100) });
    labels.push(rand() < 1 / (1 + Math.exp(-effect[l]!)));
  }
  return { rows, labels };
}

describe("target encoding of many-valued categoricals", () => {
  it("shrinks each level's outcome rate toward the base rate (known values)", () => {
    // Given level a with 3 of 4 positive, level b with 0 of 1, base rate 0.5
    const rows: FeatureRow[] = [{ c: "a" }, { c: "a" }, { c: "a" }, { c: "A " }, { c: "b" }, { c: null }];
    const y = [1, 1, 1, 0, 0, 1];
    // When encoded on every row
    const e = fitEncoding(rows, y, [0, 1, 2, 3, 4, 5], "c", 0.5);
    // Then rate = (positives + SMOOTHING·prior) / (rows + SMOOTHING), case folded, missing skipped
    expect(e.levels).toEqual(["a", "b"]);
    expect(e.rates[0]).toBeCloseTo((3 + SMOOTHING * 0.5) / (4 + SMOOTHING), 6);
    expect(e.rates[1]).toBeCloseTo((0 + SMOOTHING * 0.5) / (1 + SMOOTHING), 6);
  });

  it("never lets a training row's own label into its value", () => {
    // Given a column with one common level and 150 levels seen exactly once
    const rows: FeatureRow[] = Array.from({ length: 200 }, (_, i) => ({ id: i < 50 ? "common" : `lead ${i}` }));
    const y = Array.from({ length: 200 }, (_, i) => i % 2);
    const idx = [...rows.keys()];
    const [col] = inferSchema(rows, y, idx);
    expect(encodableColumns([col!], rows, y, idx)).toEqual(["id"]);
    // When encoded for training
    const enc = encodeTraining(rows, y, idx, ["id"], 1);
    // Then each row's value is the prior of the other inner folds: it cannot rank its own label
    const tail = idx.filter((i) => i >= 50);
    const values = tail.map((i) => enc.rows[i]![encodedName("id")] as number);
    expect(new Set(values).size).toBeLessThanOrEqual(5);
    expect(auc(values, tail.map((i) => y[i] === 1))).toBeLessThan(0.6);
    // while the stored rates (for scoring new cases) do reflect the training labels
    const stored = enc.encodings.get(encodedName("id"))!;
    expect(stored.rates[stored.levels.indexOf("lead 51")]).toBeGreaterThan(stored.prior);
  });

  it("lifts the model on a long-tailed owner column, deterministically, with a readable factor", () => {
    // Given outcomes driven by a 300-level owner column where half the rows sit in the tail
    const { rows, labels } = owners(3000, 3);
    // When fitted twice with one seed
    const fit = fitTabular(rows, labels, { seed: 5 });
    const again = fitTabular(rows, labels, { seed: 5 });
    // Then the model has a rate companion, validates as a model file, and is reproducible
    const companion = fit.params.columns.find((c) => c.name === encodedName("owner")) as NumericColumn | undefined;
    expect(companion?.encodes?.levels.length).toBeGreaterThan(250);
    expect(binaryParamsSchema.safeParse(fit.params).success).toBe(true);
    expect(JSON.stringify(again.params)).toBe(JSON.stringify(fit.params));
    // and it ranks new cases from the tail well above chance
    const test = owners(2000, 4);
    const m = compileBinary(fit.params);
    // (0.76 without the companion, 0.81 with it)
    expect(auc(test.rows.map((r) => explainCompiled(m, r).margin), test.labels)).toBeGreaterThan(0.78);
    // and a scored case's factor names the owner and its rate
    expect(factorLabel(companion!, { owner: "owner 3" })).toMatch(/^owner = owner 3 \(outcome rate 0\.\d+\)$/);
    expect(numericValue(companion!, { owner: "someone new" })).toBe(companion!.encodes!.prior);
    expect(numericValue(companion!, {})).toBeNull();
  });
});
