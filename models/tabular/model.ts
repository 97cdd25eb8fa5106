import type { FeatureRow } from "../types.ts";
import type { Platt } from "./calibrate.ts";
import { crossWeight } from "./cross.ts";
import { goesLeft, type GbmModel, type Tree } from "./gbm.ts";
import type { LinearModel } from "./linear.ts";
import { linearRaw } from "./linear.ts";
import { binOf, categoryLookup, categoryValue, numericValue, type Column } from "./schema.ts";

/**
 * The self-contained parameters of a binary tabular model (stored as `params` in the model
 * file) and its scoring with exact additive explanations:
 *   margin = base + Σ_feature contribution
 * where the GBM part is Saabas path attribution (the value change at each split, summed
 * per feature) and the linear part is each column's centred term (a pairwise cross's centred
 * term is split in half between its two columns); the two are blended
 * with fixed weights. The probability is Platt-calibrated from the margin.
 */
export interface BinaryParams {
  columns: Column[];
  gbm: GbmModel | null;
  linear: LinearModel | null;
  /** Weights of the two margins in the blended margin. */
  blend: { gbm: number; linear: number };
  calibration: Platt;
  /** The hyper-parameters used, for the record. */
  config: Record<string, number | string>;
}

/** A model prepared for fast repeated scoring (lookups built once). */
export interface CompiledBinary {
  params: BinaryParams;
  lookups: (Map<string, number> | undefined)[];
  /** Blended margin of a case whose every contribution is zero. */
  base: number;
}

export function compileBinary(params: BinaryParams): CompiledBinary {
  const lookups = params.columns.map((c) => (c.kind === "categorical" ? categoryLookup(c) : undefined));
  let base = 0;
  if (params.gbm) {
    let g = params.gbm.init;
    for (const t of params.gbm.trees) g += t.v[0]!;
    base += params.blend.gbm * g;
  }
  if (params.linear) {
    let l = params.linear.intercept;
    for (const c of params.linear.columns) l += c.center;
    for (const c of params.linear.crosses ?? []) l += c.center;
    base += params.blend.linear * l;
  }
  return { params, lookups, base };
}

export interface Explanation {
  margin: number;
  base: number;
  /** Per schema column, aligned with `params.columns`. */
  contributions: Float64Array;
}

function walk(tree: Tree, bins: Uint8Array, contrib: Float64Array, weight: number): void {
  let i = 0;
  while (tree.f[i]! >= 0) {
    const f = tree.f[i]!;
    const next = goesLeft(tree, i, bins[f]!) ? tree.l[i]! : tree.r[i]!;
    contrib[f]! += weight * (tree.v[next]! - tree.v[i]!);
    i = next;
  }
}

export function explainCompiled(m: CompiledBinary, row: FeatureRow): Explanation {
  const { params } = m;
  const n = params.columns.length;
  const bins = new Uint8Array(n);
  for (let j = 0; j < n; j++) bins[j] = binOf(params.columns[j]!, row, m.lookups[j]);
  const contributions = new Float64Array(n);
  if (params.gbm && params.blend.gbm !== 0) {
    for (const t of params.gbm.trees) walk(t, bins, contributions, params.blend.gbm);
  }
  if (params.linear && params.blend.linear !== 0) {
    for (let j = 0; j < n; j++) {
      const lc = params.linear.columns[j]!;
      contributions[j]! += params.blend.linear * (linearRaw(params.columns[j]!, lc, row, bins[j]) - lc.center);
    }
    for (const c of params.linear.crosses ?? []) {
      const half = (params.blend.linear * (crossWeight(c, bins[c.a]!, bins[c.b]!) - c.center)) / 2;
      contributions[c.a]! += half;
      contributions[c.b]! += half;
    }
  }
  let margin = m.base;
  for (let j = 0; j < n; j++) margin += contributions[j]!;
  return { margin, base: m.base, contributions };
}

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 1 ? String(Math.round(v * 100) / 100) : String(Math.round(v * 1000) / 1000);
}

/** "contractTerm = monthly", "usage.trend30d = -0.38", "autoRenew = false", "x = (missing)". */
export function factorLabel(col: Column, row: FeatureRow): string {
  if (col.kind === "categorical") {
    const c = categoryValue(row, col.name);
    return `${col.name} = ${c ?? "(missing)"}`;
  }
  const v = numericValue(col, row);
  if (col.encodes) {
    const level = categoryValue(row, col.encodes.from);
    return level === null ? `${col.encodes.from} = (missing)` : `${col.encodes.from} = ${level} (outcome rate ${formatNumber(v ?? col.encodes.prior)})`;
  }
  if (v === null) return `${col.name} = (missing)`;
  return `${col.name} = ${col.kind === "boolean" ? String(v !== 0) : formatNumber(v)}`;
}
