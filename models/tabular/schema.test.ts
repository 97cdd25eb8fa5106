import { describe, expect, it } from "vitest";
import type { FeatureRow } from "../types.ts";
import { compileBinary, explainCompiled, type BinaryParams } from "./model.ts";
import { binOf, encodeBins, inferSchema, OTHER, type CategoricalColumn } from "./schema.ts";

/** 40 rows: a source column whose spelling varies only in case and spacing. */
function spellings(): { rows: FeatureRow[]; y: number[] } {
  const rows: FeatureRow[] = [];
  const y: number[] = [];
  for (let i = 0; i < 40; i++) {
    const paid = i % 2 === 0;
    const spelled = paid ? ["Google Ads", "google ads", "GOOGLE  ADS", "Google Ads"][(i / 2) % 4]! : "Newsletter";
    rows.push({ source: spelled });
    y.push(paid ? 1 : 0);
  }
  return { rows, y };
}

describe("categorical columns", () => {
  it("treat values that differ only in case and spacing as one category, shown in its usual spelling", () => {
    // Given a column where "Google Ads" is also written "google ads" and "GOOGLE  ADS"
    const { rows, y } = spellings();
    // When the schema is inferred
    const [col] = inferSchema(rows, y, [...rows.keys()]) as [CategoricalColumn];
    // Then there are two categories, the paid one in its most frequent spelling
    expect(col.categories).toEqual(["Newsletter", "Google Ads"]);
    // and every spelling, also one never seen in training, lands in the same bin
    const bins = encodeBins([col], [...rows, { source: "gOoGlE ads " }])[0]!;
    expect(new Set(rows.flatMap((_, i) => (y[i] === 1 ? [bins[i]] : [])))).toEqual(new Set([2]));
    expect(bins[rows.length]).toBe(2);
  });

  it("keep exact matching for model files written before caseless columns existed", () => {
    // Given a column as stored by learner version 3 (no caseless flag)
    const old: CategoricalColumn = { name: "source", kind: "categorical", categories: ["Newsletter", OTHER, "Google Ads"] };
    // Then a differently cased value falls into the shared bucket, as it did then
    expect(binOf(old, { source: "Google Ads" })).toBe(3);
    expect(binOf(old, { source: "google ads" })).toBe(2);
    // and a scored model explains it by the value the case carries
    const params: BinaryParams = {
      columns: [old],
      gbm: null,
      linear: { intercept: 0, columns: [{ kind: "categorical", w: [-1, 0, 1], wMissing: 0, center: 0 }] },
      blend: { gbm: 0, linear: 1 },
      calibration: { a: 1, b: 0 },
      config: {},
    };
    const m = compileBinary(params);
    expect(explainCompiled(m, { source: "Google Ads" }).margin).toBe(1);
    expect(explainCompiled(m, { source: "google ads" }).margin).toBe(0);
  });
});

describe("many-valued categorical columns", () => {
  it("keep every frequent level up to the cap and pool the rare ones", () => {
    // Given 90 levels seen 20 times each and 30 levels seen once
    const rows: FeatureRow[] = [];
    const y: number[] = [];
    for (let l = 0; l < 90; l++) for (let k = 0; k < 20; k++) rows.push({ owner: `owner-${l}` }), y.push(k < l % 20 ? 1 : 0);
    for (let l = 0; l < 30; l++) rows.push({ owner: `rare-${l}` }), y.push(l % 2);
    // When the schema is inferred
    const [col] = inferSchema(rows, y, [...rows.keys()]) as [CategoricalColumn];
    // Then all 90 frequent levels have their own bin and the rare ones share OTHER
    expect(col.categories).toHaveLength(91);
    expect(col.categories).toContain(OTHER);
    expect(binOf(col, { owner: "rare-3" })).toBe(binOf(col, { owner: "never-seen" }));
    expect(binOf(col, { owner: "owner-89" })).not.toBe(binOf(col, { owner: "owner-88" }));
  });
});
