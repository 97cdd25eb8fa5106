/**
 * Statistics for comparing two versions on the same cases: a seeded generator (so a
 * comparison is reproducible), percentile intervals, and McNemar's test for paired
 * right/wrong outcomes.
 */
import { mulberry32 } from "../core/random.ts";

/** mulberry32: tiny, fast, seeded; plenty for resampling indices. */
export const seededRandom = mulberry32;

/** Linear-interpolated percentile (q in [0, 1]) of unsorted values; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** Result of a paired bootstrap of a difference (candidate − baseline). */
export interface BootstrapDiff {
  diff: number;
  ci: [number, number];
  /** Resamples where the statistic was defined (AUC needs both classes). */
  used: number;
  resamples: number;
  seed: number;
}

/**
 * Paired bootstrap: resample case indices with replacement, compute the statistic for both
 * versions on the SAME resample, and take the 2.5/97.5 percentiles of the differences.
 * Pairing is what makes the interval tight when both versions agree on most cases.
 */
export function pairedBootstrap(
  n: number,
  stat: (idx: readonly number[], which: "baseline" | "candidate") => number,
  opts: { resamples?: number; seed?: number; level?: number } = {},
): BootstrapDiff {
  const resamples = opts.resamples ?? 1000;
  const seed = opts.seed ?? 42;
  const level = opts.level ?? 0.95;
  const all = Array.from({ length: n }, (_, i) => i);
  const diff = stat(all, "candidate") - stat(all, "baseline");
  const rnd = seededRandom(seed);
  const diffs: number[] = [];
  const idx = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rnd() * n);
    const d = stat(idx, "candidate") - stat(idx, "baseline");
    if (Number.isFinite(d)) diffs.push(d);
  }
  const alpha = (1 - level) / 2;
  return { diff, ci: [quantile(diffs, alpha), quantile(diffs, 1 - alpha)], used: diffs.length, resamples, seed };
}

/** McNemar's test on discordant pairs. */
export interface McNemar {
  /** Baseline right, candidate wrong. */
  b: number;
  /** Baseline wrong, candidate right. */
  c: number;
  pValue: number;
  method: "exact-binomial" | "chi-square-cc" | "none";
}

/** Below this many discordant pairs the chi-square approximation is poor: use the exact binomial. */
export const MCNEMAR_EXACT_BELOW = 25;

/**
 * Two-sided McNemar p-value. Exact binomial (p = 0.5) for small counts, else chi-square with
 * continuity correction, 1 degree of freedom.
 */
export function mcnemar(b: number, c: number): McNemar {
  const n = b + c;
  if (n === 0) return { b, c, pValue: 1, method: "none" };
  if (n < MCNEMAR_EXACT_BELOW) {
    const k = Math.min(b, c);
    let tail = 0;
    for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
    return { b, c, pValue: Math.min(1, 2 * tail), method: "exact-binomial" };
  }
  const stat = (Math.abs(b - c) - 1) ** 2 / n;
  return { b, c, pValue: erfc(Math.sqrt(stat / 2)), method: "chi-square-cc" };
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** Complementary error function (Numerical Recipes erfcc, |error| < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Binomial standard error of a share p observed over d trials (NaN when d = 0). */
export function shareSE(p: number, d: number): number {
  return d > 0 ? Math.sqrt((p * (1 - p)) / d) : Number.NaN;
}

/** Hanley & McNeil (1982) standard error of an AUC with nPos positives and nNeg negatives. */
export function aucSE(auc: number, nPos: number, nNeg: number): number {
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  return Math.sqrt((auc * (1 - auc) + (nPos - 1) * (q1 - auc * auc) + (nNeg - 1) * (q2 - auc * auc)) / (nPos * nNeg));
}

/** Two-sided 95% critical value of the normal distribution. */
export const Z95 = 1.959964;
