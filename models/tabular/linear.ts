import type { FeatureRow } from "../types.ts";
import { crossKey, crossWeight, type CrossSpec, type LinearCross } from "./cross.ts";
import { binOf, numericValue, type Column } from "./schema.ts";

/**
 * L2-regularised logistic regression on standardized numerics (log1p for skewed
 * non-negative columns, clipped at ±5 sd) and one-hot categoricals, each column with a
 * missing indicator. Fitted by Newton's method (exact on this small, sparse design).
 * Contributions are centred on the training mean of each column, so a typical case has
 * contributions near zero and the base value is the average case's logit.
 */

export interface LinearNumeric {
  kind: "numeric";
  log: boolean;
  mean: number;
  std: number;
  w: number;
  wMissing: number;
  center: number;
  /**
   * Piecewise-constant correction on top of the linear term (a coarse additive shape):
   * ascending cut points on the raw value and one weight per interval (knots.length + 1).
   */
  knots?: number[];
  wBins?: number[];
}
export interface LinearCategorical {
  kind: "categorical";
  /** Weight per category, in the schema column's order. */
  w: number[];
  wMissing: number;
  center: number;
}
export type LinearColumn = LinearNumeric | LinearCategorical;

export interface LinearModel {
  intercept: number;
  /** Aligned with the schema columns. */
  columns: LinearColumn[];
  /** Pairwise interaction terms (cross.ts); absent in files before learner version 5. */
  crosses?: LinearCross[];
}

const CLIP = 5;

/** Standardized value of a numeric column (null = missing). */
export function linearZ(c: LinearNumeric, raw: number | null): number | null {
  if (raw === null) return null;
  const x = c.log ? Math.log1p(Math.max(0, raw)) : raw;
  return Math.max(-CLIP, Math.min(CLIP, (x - c.mean) / c.std));
}

/** Interval of `raw` among ascending `knots`: the number of knots strictly below it. */
export function knotBin(knots: readonly number[], raw: number): number {
  let lo = 0;
  let hi = knots.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (knots[mid]! < raw) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Uncentred contribution of one column for one row. */
export function linearRaw(col: Column, lc: LinearColumn, row: FeatureRow, bin?: number): number {
  if (lc.kind === "numeric" && col.kind !== "categorical") {
    const raw = numericValue(col, row);
    const z = linearZ(lc, raw);
    if (z === null || raw === null) return lc.wMissing;
    return lc.w * z + (lc.knots && lc.wBins ? (lc.wBins[knotBin(lc.knots, raw)] ?? 0) : 0);
  }
  if (lc.kind === "categorical") {
    const b = bin ?? binOf(col, row);
    return b === 0 ? lc.wMissing : (lc.w[b - 1] ?? 0);
  }
  return 0;
}

type NumericStats = Omit<LinearNumeric, "w" | "wMissing" | "center" | "wBins">;

/** Up to `k` - 1 distinct quantile cut points of the values (none for 0/1 columns). */
function quantileKnots(vals: readonly number[], k: number): number[] {
  if (k < 2 || vals.length === 0) return [];
  const sorted = Float64Array.from(vals).sort();
  const knots: number[] = [];
  for (let q = 1; q < k; q++) {
    const e = sorted[Math.floor((q * sorted.length) / k)]!;
    // A cut at e sends e to the lower interval: skip cuts that leave an interval empty.
    if ((knots.length === 0 || e > knots[knots.length - 1]!) && e < sorted[sorted.length - 1]! && e >= sorted[0]!) knots.push(e);
  }
  return knots;
}

function numericStats(col: Column, rows: readonly FeatureRow[], idx: readonly number[], k: number): NumericStats {
  const vals: number[] = [];
  if (col.kind !== "categorical") {
    for (const i of idx) {
      const v = numericValue(col, rows[i]!);
      if (v !== null) vals.push(v);
    }
  }
  const m = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  const mu = m(vals);
  const sd = Math.sqrt(m(vals.map((x) => (x - mu) ** 2)));
  const skew = sd > 0 ? m(vals.map((x) => ((x - mu) / sd) ** 3)) : 0;
  const log = vals.length > 0 && vals.every((v) => v >= 0) && skew > 2;
  const t = log ? vals.map((x) => Math.log1p(x)) : vals;
  const mean = m(t);
  const std = Math.sqrt(m(t.map((x) => (x - mean) ** 2))) || 1;
  const knots = col.kind === "numeric" ? quantileKnots(vals, k) : [];
  return knots.length ? { kind: "numeric", log, mean, std, knots } : { kind: "numeric", log, mean, std };
}

/** Solve A x = b for symmetric positive definite A (row-major, n×n) by Cholesky. */
function choleskySolve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / L[j * n + j]!;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * n + k]! * y[k]!;
    y[i] = s / L[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * x[k]!;
    x[i] = s / L[i * n + i]!;
  }
  return x;
}

interface Design {
  stats: (NumericStats | undefined)[];
  start: number[];
  /** First weight of each cross. */
  crossStart: number[];
  /** Number of weights (the intercept is index D). */
  D: number;
  nnz: number;
  xi: Int32Array;
  xv: Float64Array;
}

/**
 * Sparse design: numeric → [z, missing, one per knot interval]; categorical → [one per
 * category, missing]; + intercept. Each row has one entry per column plus one per knotted
 * column (a zero entry when missing), then one per cross (a zero entry for a pair without
 * a term), in increasing weight index.
 */
function buildDesign(columns: readonly Column[], rows: readonly FeatureRow[], bins: Uint8Array[], idx: readonly number[], knotsPerColumn: number, crosses: readonly CrossSpec[]): Design {
  const stats = columns.map((c) => (c.kind === "categorical" ? undefined : numericStats(c, rows, idx, knotsPerColumn)));
  const start: number[] = [];
  let D = 0;
  let extra = 0;
  columns.forEach((c, j) => {
    start.push(D);
    const nk = stats[j]?.knots?.length ?? -1;
    if (nk >= 0) extra++;
    D += c.kind === "categorical" ? c.categories.length + 1 : 2 + nk + 1;
  });
  const crossStart = crosses.map((c) => {
    const s = D;
    D += c.pairs.length;
    return s;
  });
  const pairIndex = crosses.map((c) => new Map(c.pairs.map((key, p) => [key, p])));
  const nnz = columns.length + extra + crosses.length + 1;
  const xi = new Int32Array(idx.length * nnz);
  const xv = new Float64Array(idx.length * nnz);
  const probes = stats.map((s) => (s ? { ...s, w: 0, wMissing: 0, center: 0 } : undefined));
  idx.forEach((r, k) => {
    let o = k * nnz;
    columns.forEach((c, j) => {
      if (c.kind === "categorical") {
        const b = bins[j]![r]!;
        xi[o] = start[j]! + (b === 0 ? c.categories.length : b - 1);
        xv[o++] = 1;
      } else {
        const raw = numericValue(c, rows[r]!);
        const z = linearZ(probes[j]!, raw);
        xi[o] = start[j]! + (z === null ? 1 : 0);
        xv[o++] = z === null ? 1 : z;
        const knots = stats[j]!.knots;
        if (knots) {
          xi[o] = start[j]! + 2 + (raw === null ? 0 : knotBin(knots, raw));
          xv[o++] = raw === null ? 0 : 1;
        }
      }
    });
    crosses.forEach((c, x) => {
      const p = pairIndex[x]!.get(crossKey(bins[c.a]![r]!, bins[c.b]![r]!));
      xi[o] = crossStart[x]! + (p ?? 0);
      xv[o++] = p === undefined ? 0 : 1;
    });
    xi[o] = D;
    xv[o] = 1;
  });
  return { stats, start, crossStart, D, nnz, xi, xv };
}

/** Newton's method from `beta` (updated in place) for penalty λ/2·|w|², intercept free. */
function newton(d: Design, y: Float64Array, idx: readonly number[], lambda: number, beta: Float64Array): void {
  const { D, nnz, xi, xv } = d;
  const P = D + 1;
  for (let iter = 0; iter < 30; iter++) {
    const Hm = new Float64Array(P * P);
    const grad = new Float64Array(P);
    for (let k = 0; k < idx.length; k++) {
      const from = k * nnz;
      const to = from + nnz;
      let z = 0;
      for (let a = from; a < to; a++) z += beta[xi[a]!]! * xv[a]!;
      const q = 1 / (1 + Math.exp(-z));
      const g = q - y[idx[k]!]!;
      const w = Math.max(q * (1 - q), 1e-9);
      for (let a = from; a < to; a++) {
        const ia = xi[a]!;
        const wa = w * xv[a]!;
        grad[ia] = grad[ia]! + g * xv[a]!;
        const rowOff = ia * P;
        for (let b = from; b <= a; b++) {
          const o = rowOff + xi[b]!;
          Hm[o] = Hm[o]! + wa * xv[b]!;
        }
      }
    }
    // Only the lower triangle was accumulated (the design has one entry per column, so
    // indices within a row are distinct); mirror it.
    for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) Hm[j * P + i] = Hm[i * P + j]!;
    for (let j = 0; j < D; j++) {
      grad[j] = grad[j]! + lambda * beta[j]!;
      Hm[j * P + j] = Hm[j * P + j]! + lambda;
    }
    Hm[D * P + D] = Hm[D * P + D]! + 1e-8;
    const step = choleskySolve(Hm, grad, P);
    let maxStep = 0;
    for (let j = 0; j < P; j++) {
      beta[j] = beta[j]! - step[j]!;
      maxStep = Math.max(maxStep, Math.abs(step[j]!));
    }
    if (maxStep < 1e-5) break;
  }
}

function toModel(columns: readonly Column[], rows: readonly FeatureRow[], bins: Uint8Array[], idx: readonly number[], d: Design, beta: Float64Array, specs: readonly CrossSpec[]): LinearModel {
  const lcols: LinearColumn[] = columns.map((c, j) => {
    const s = d.start[j]!;
    if (c.kind === "categorical") {
      return { kind: "categorical", w: c.categories.map((_, k) => beta[s + k]!), wMissing: beta[s + c.categories.length]!, center: 0 };
    }
    const st = d.stats[j]!;
    const wBins = st.knots ? Array.from({ length: st.knots.length + 1 }, (_, b) => beta[s + 2 + b]!) : undefined;
    return { ...st, w: beta[s]!, wMissing: beta[s + 1]!, center: 0, ...(wBins ? { wBins } : {}) };
  });
  // Centre each column's contribution on its training mean.
  lcols.forEach((lc, j) => {
    let sum = 0;
    for (const r of idx) sum += linearRaw(columns[j]!, lc, rows[r]!, bins[j]![r]);
    lc.center = sum / Math.max(1, idx.length);
  });
  const crosses = specs.map((c, x): LinearCross => {
    const cross: LinearCross = { a: c.a, b: c.b, pairs: [...c.pairs], w: c.pairs.map((_, p) => beta[d.crossStart[x]! + p]!), center: 0 };
    let sum = 0;
    for (const r of idx) sum += crossWeight(cross, bins[c.a]![r]!, bins[c.b]![r]!);
    cross.center = sum / Math.max(1, idx.length);
    return cross;
  });
  return crosses.length > 0 ? { intercept: beta[d.D]!, columns: lcols, crosses } : { intercept: beta[d.D]!, columns: lcols };
}

/**
 * Fit on rows `idx` for each L2 strength, strongest first, each warm-started from the
 * previous solution (a regularisation path: far fewer Newton steps than cold starts).
 */
export function fitLinearPath(columns: readonly Column[], rows: readonly FeatureRow[], bins: Uint8Array[], y: Float64Array, idx: readonly number[], lambdas: readonly number[], knotsPerColumn = 0, crosses: readonly CrossSpec[] = []): LinearModel[] {
  const d = buildDesign(columns, rows, bins, idx, knotsPerColumn, crosses);
  const beta = new Float64Array(d.D + 1);
  const pos = idx.reduce((s, r) => s + y[r]!, 0);
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, pos / Math.max(1, idx.length)));
  beta[d.D] = Math.log(rate / (1 - rate));
  const order = lambdas.map((l, i) => [l, i] as const).sort((a, b) => b[0] - a[0]);
  const out: LinearModel[] = new Array(lambdas.length);
  for (const [lambda, i] of order) {
    newton(d, y, idx, lambda, beta);
    out[i] = toModel(columns, rows, bins, idx, d, beta, crosses);
  }
  return out;
}

/** Fit on rows `idx` with L2 strength `lambda` (penalty λ/2·|w|², intercept free). */
export function fitLinear(columns: readonly Column[], rows: readonly FeatureRow[], bins: Uint8Array[], y: Float64Array, idx: readonly number[], lambda: number, knotsPerColumn = 0, crosses: readonly CrossSpec[] = []): LinearModel {
  return fitLinearPath(columns, rows, bins, y, idx, [lambda], knotsPerColumn, crosses)[0]!;
}

/** Margin of one row (uncentred sum + intercept). */
export function linearMargin(columns: readonly Column[], m: LinearModel, row: FeatureRow, bins?: Uint8Array[], r?: number): number {
  let s = m.intercept;
  columns.forEach((c, j) => (s += linearRaw(c, m.columns[j]!, row, bins && r !== undefined ? bins[j]![r] : undefined)));
  const bin = (j: number) => (bins && r !== undefined ? bins[j]![r]! : binOf(columns[j]!, row));
  for (const c of m.crosses ?? []) s += crossWeight(c, bin(c.a), bin(c.b));
  return s;
}
