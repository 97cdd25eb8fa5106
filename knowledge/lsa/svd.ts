/**
 * Truncated SVD of a sparse matrix by randomized subspace iteration (Halko, Martinsson &
 * Tropp 2011, algorithms 4.4 + 5.1): project onto a seeded Gaussian sketch, sharpen it with
 * a few power iterations (re-orthonormalised each time so small directions are not lost),
 * then solve the small problem exactly with Jacobi. Pure TypeScript, float64, and
 * deterministic: the same matrix and seed always give the same factors, signs included.
 */
import { mulberry32 } from "../../core/random.ts";
import { eigenSymmetric } from "./jacobi.ts";

/** A sparse matrix in compressed-row form (rows = chunks, columns = terms for LSA). */
export interface SparseMatrix {
  rows: number;
  cols: number;
  /** rowPtr[i]..rowPtr[i+1] index colIdx/values of row i. */
  rowPtr: Int32Array;
  colIdx: Int32Array;
  values: Float64Array;
}

export interface SvdOptions {
  /** Extra sketch columns beyond k: more makes the top k more accurate. */
  oversample?: number;
  /** Power iterations: each one separates singular values more sharply. */
  powerIterations?: number;
  seed?: number;
}

/** The k largest singular triplets: A ≈ U diag(s) Vᵀ, singular values descending. */
export interface Svd {
  k: number;
  /** Singular values, descending. */
  s: Float64Array;
  /** Left singular vectors, row-major rows × k. */
  u: Float64Array;
  /** Right singular vectors, row-major cols × k. */
  v: Float64Array;
}

/** Y (rows × l, row-major) = A · X, X row-major cols × l. */
export function multiply(a: SparseMatrix, x: Float64Array, l: number): Float64Array {
  const y = new Float64Array(a.rows * l);
  for (let i = 0; i < a.rows; i++) {
    const yo = i * l;
    for (let p = a.rowPtr[i] as number; p < (a.rowPtr[i + 1] as number); p++) {
      const w = a.values[p] as number;
      const xo = (a.colIdx[p] as number) * l;
      for (let c = 0; c < l; c++) y[yo + c] = (y[yo + c] as number) + w * (x[xo + c] as number);
    }
  }
  return y;
}

/** Z (cols × l, row-major) = Aᵀ · Y, Y row-major rows × l. */
export function multiplyTransposed(a: SparseMatrix, y: Float64Array, l: number): Float64Array {
  const z = new Float64Array(a.cols * l);
  for (let i = 0; i < a.rows; i++) {
    const yo = i * l;
    for (let p = a.rowPtr[i] as number; p < (a.rowPtr[i + 1] as number); p++) {
      const w = a.values[p] as number;
      const zo = (a.colIdx[p] as number) * l;
      for (let c = 0; c < l; c++) z[zo + c] = (z[zo + c] as number) + w * (y[yo + c] as number);
    }
  }
  return z;
}

/**
 * Orthonormalise the columns of a row-major n × l matrix in place (modified Gram–Schmidt;
 * two passes, "twice is enough", keep columns orthogonal to machine precision, one pass is
 * enough between power iterations). A column that is (numerically) dependent on earlier
 * ones becomes zero rather than noise.
 */
export function orthonormalize(m: Float64Array, n: number, l: number, passes = 2): void {
  const col = Array.from({ length: l }, (_, c) => {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = m[i * l + c] as number;
    return v;
  });
  const scale = Math.max(1e-300, ...col.map(norm));
  for (let c = 0; c < l; c++) {
    const v = col[c] as Float64Array;
    const before = norm(v);
    for (let pass = 0; pass < passes; pass++) {
      for (let e = 0; e < c; e++) {
        const u = col[e] as Float64Array;
        let d = 0;
        for (let i = 0; i < n; i++) d += (u[i] as number) * (v[i] as number);
        for (let i = 0; i < n; i++) v[i] = (v[i] as number) - d * (u[i] as number);
      }
    }
    const after = norm(v);
    const keep = after > 1e-10 * Math.max(before, scale * 1e-6);
    for (let i = 0; i < n; i++) v[i] = keep ? (v[i] as number) / after : 0;
  }
  for (let c = 0; c < l; c++) for (let i = 0; i < n; i++) m[i * l + c] = (col[c] as Float64Array)[i] as number;
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
  return Math.sqrt(s);
}

/** Standard normal draws from a seeded uniform generator (Box–Muller). */
function gaussians(count: number, seed: number): Float64Array {
  const r = mulberry32(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return out;
}

/**
 * The k largest singular triplets of `a`. k is capped at min(rows, cols); triplets with
 * a zero singular value (rank below k) come back with zero vectors.
 */
export function randomizedSvd(a: SparseMatrix, k: number, opts: SvdOptions = {}): Svd {
  const kk = Math.max(0, Math.min(k, a.rows, a.cols));
  const l = Math.min(kk + (opts.oversample ?? 16), a.rows, a.cols);
  if (kk === 0) return { k: 0, s: new Float64Array(0), u: new Float64Array(0), v: new Float64Array(0) };
  // Range finder: Q spans (A Aᵀ)^q A Ω.
  let q = multiply(a, gaussians(a.cols * l, opts.seed ?? 1), l);
  orthonormalize(q, a.rows, l);
  const iterations = opts.powerIterations ?? 3;
  for (let it = 0; it < iterations; it++) {
    const z = multiplyTransposed(a, q, l);
    orthonormalize(z, a.cols, l, 1);
    q = multiply(a, z, l);
    orthonormalize(q, a.rows, l, it === iterations - 1 ? 2 : 1);
  }
  // B = Qᵀ A is l × cols; held transposed (Bt = Aᵀ Q, cols × l). B Bᵀ = Btᵀ Bt is l × l.
  const bt = multiplyTransposed(a, q, l);
  const g = new Float64Array(l * l);
  for (let r = 0; r < a.cols; r++) {
    const o = r * l;
    for (let i = 0; i < l; i++) {
      const bi = bt[o + i] as number;
      if (bi === 0) continue;
      for (let j = i; j < l; j++) g[i * l + j] = (g[i * l + j] as number) + bi * (bt[o + j] as number);
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) g[i * l + j] = g[j * l + i] as number;
  const { values, vectors } = eigenSymmetric(g, l);
  const s = new Float64Array(kk);
  const u = new Float64Array(a.rows * kk);
  const v = new Float64Array(a.cols * kk);
  for (let c = 0; c < kk; c++) {
    const sigma = Math.sqrt(Math.max(0, values[c] as number));
    s[c] = sigma;
    if (sigma <= 1e-12 * Math.max(1e-300, Math.sqrt(Math.max(0, values[0] as number)))) {
      s[c] = 0;
      continue;
    }
    // U = Q W, V = Bᵀ W / σ.
    for (let i = 0; i < a.rows; i++) {
      let x = 0;
      for (let j = 0; j < l; j++) x += (q[i * l + j] as number) * (vectors[j * l + c] as number);
      u[i * kk + c] = x;
    }
    for (let r = 0; r < a.cols; r++) {
      let x = 0;
      for (let j = 0; j < l; j++) x += (bt[r * l + j] as number) * (vectors[j * l + c] as number);
      v[r * kk + c] = x / sigma;
    }
    fixSign(u, v, a.rows, a.cols, kk, c);
  }
  return { k: kk, s, u, v };
}

/** Make the largest-magnitude entry of each right vector positive: one canonical sign. */
function fixSign(u: Float64Array, v: Float64Array, rows: number, cols: number, k: number, c: number): void {
  let big = 0;
  for (let r = 0; r < cols; r++) if (Math.abs(v[r * k + c] as number) > Math.abs(big)) big = v[r * k + c] as number;
  if (big >= 0) return;
  for (let r = 0; r < cols; r++) v[r * k + c] = -(v[r * k + c] as number);
  for (let i = 0; i < rows; i++) u[i * k + c] = -(u[i * k + c] as number);
}
