import { minCategoryCount, type Column } from "./schema.ts";

/**
 * Pairwise interaction terms of the logistic model. The boosted trees find interactions
 * on their own; a logistic model only sees what its design holds, so the strongest
 * non-numeric columns (categorical or boolean) are crossed pairwise and every frequent
 * pair of their values gets a weight. Measured on lead-xeducation this makes the
 * logistic member nearly as good as the trees and different enough that their blend
 * beats either. The pair is a pair of schema bins (missing and the pooled tail are bins
 * too), so nothing depends on how a value is spelled. A cross's contribution is split in
 * half between its two columns: explanations stay an exact sum over schema columns.
 */

export interface LinearCross {
  /** Schema column indices of the two parents (a < b). */
  a: number;
  b: number;
  /** Kept bin pairs as `crossKey(binA, binB)`, ascending; other pairs have no term. */
  pairs: number[];
  w: number[];
  center: number;
}

/** Most columns crossed pairwise (8 columns = 28 crosses). */
export const MAX_CROSSED_COLUMNS = 8;
/** Weights the crosses may add to the exact Newton solve. */
export const MAX_CROSS_WEIGHTS = 600;

/** Key of a pair of bins (bins are bytes). */
export const crossKey = (binA: number, binB: number): number => binA * 256 + binB;

/** Weight of the pair (0 when the pair has no term of its own). */
export function crossWeight(c: LinearCross, binA: number, binB: number): number {
  const key = crossKey(binA, binB);
  let lo = 0;
  let hi = c.pairs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = c.pairs[mid]!;
    if (k === key) return c.w[mid]!;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/**
 * Non-numeric columns ranked by how much their smoothed outcome rate per bin improves
 * the training log-likelihood over the base rate (ties: schema order). Columns with a
 * single bin on these rows carry nothing and are left out.
 */
export function rankColumns(columns: readonly Column[], bins: readonly Uint8Array[], y: ArrayLike<number>, idx: readonly number[]): number[] {
  const prior = Math.min(1 - 1e-6, Math.max(1e-6, idx.reduce((s, i) => s + y[i]!, 0) / Math.max(1, idx.length)));
  const scored: { j: number; gain: number }[] = [];
  columns.forEach((c, j) => {
    if (c.kind === "numeric") return;
    const n = new Float64Array(256);
    const pos = new Float64Array(256);
    for (const i of idx) {
      const b = bins[j]![i]!;
      n[b] = n[b]! + 1;
      pos[b] = pos[b]! + y[i]!;
    }
    let gain = 0;
    let used = 0;
    for (let b = 0; b < 256; b++) {
      if (n[b] === 0) continue;
      used++;
      const p = (pos[b]! + 10 * prior) / (n[b]! + 10);
      gain += pos[b]! * Math.log(p / prior) + (n[b]! - pos[b]!) * Math.log((1 - p) / (1 - prior));
    }
    if (used >= 2) scored.push({ j, gain });
  });
  return scored.sort((x, y2) => y2.gain - x.gain || x.j - y2.j).map((s) => s.j);
}

/** Bin pairs of columns a and b seen on at least `minCount` of the rows, ascending. */
export function frequentPairs(bins: readonly Uint8Array[], a: number, b: number, idx: readonly number[], minCount: number): number[] {
  const counts = new Map<number, number>();
  for (const i of idx) {
    const k = crossKey(bins[a]![i]!, bins[b]![i]!);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts.entries()].filter(([, n]) => n >= minCount).map(([k]) => k).sort((x, y) => x - y);
}

/** A cross to fit: its parents and kept pairs (weights come from the fit). */
export interface CrossSpec {
  a: number;
  b: number;
  pairs: number[];
}

/**
 * The crosses of the top `maxColumns` ranked columns, adding columns in rank order while
 * the crosses' weights stay within `maxWeights`. A cross with fewer than two frequent
 * pairs is left out (its one weight would only move the intercept).
 */
export function chooseCrosses(columns: readonly Column[], bins: readonly Uint8Array[], y: ArrayLike<number>, idx: readonly number[], maxColumns = MAX_CROSSED_COLUMNS, maxWeights = MAX_CROSS_WEIGHTS): CrossSpec[] {
  const minCount = minCategoryCount(idx.length);
  const chosen: number[] = [];
  const out: CrossSpec[] = [];
  let weights = 0;
  for (const j of rankColumns(columns, bins, y, idx)) {
    if (chosen.length >= maxColumns) break;
    const added = chosen
      .map((c) => ({ a: Math.min(c, j), b: Math.max(c, j) }))
      .map(({ a, b }) => ({ a, b, pairs: frequentPairs(bins, a, b, idx, minCount) }))
      .filter((s) => s.pairs.length >= 2);
    const w = added.reduce((s, c) => s + c.pairs.length, 0);
    if (weights + w > maxWeights) break;
    weights += w;
    out.push(...added);
    chosen.push(j);
  }
  return out.sort((x, y2) => x.a - y2.a || x.b - y2.b);
}
