import type { ReplayDecision } from "../sandbox/types.ts";
import { auc, brier, calibrationBins, macroF1 } from "../core/metrics.ts";

/**
 * (score, label) pairs and the helpers compare, segments, autonomy and the report need on
 * filtered or resampled subsets. Core metrics come from evals/metrics.ts; what is here is
 * what it does not export: a sweep with every rate per threshold, NaN (not 0) for
 * undefined rates, so an empty segment never looks perfect.
 */

/** One scored case with a binary truth (1 = churned/converted, or "the agent was right"). */
export interface Scored {
  score: number;
  label: 0 | 1;
}

/** Binary agents: decisions with a score and a label; others are left out (and counted by callers). */
export function binaryPairs(decisions: readonly ReplayDecision[]): Scored[] {
  const out: Scored[] = [];
  for (const d of decisions) {
    if (d.score === null || !Number.isFinite(d.score) || d.actual.label === undefined) continue;
    out.push({ score: d.score, label: d.actual.label ? 1 : 0 });
  }
  return out;
}

/** ROC AUC (metrics.ts: Mann-Whitney, ties half); NaN when one class is missing. */
export function aucOf(pairs: readonly Scored[]): number {
  return auc(pairs.map((p) => p.score), pairs.map((p) => p.label));
}

/** One point of a threshold sweep: acting on score >= threshold. */
export interface SweepPoint {
  threshold: number;
  tp: number;
  fp: number;
  positives: number;
  negatives: number;
  precision: number;
  recall: number;
  fpr: number;
  triggerRate: number;
}

/**
 * Every distinct score as a threshold, highest first, in one pass (O(n log n)). Thresholds
 * are observed scores so "score >= threshold" on new data means what it meant here.
 */
export function sweep(pairs: readonly Scored[]): SweepPoint[] {
  const sorted = [...pairs].sort((a, b) => b.score - a.score);
  const positives = sorted.filter((p) => p.label === 1).length;
  const negatives = sorted.length - positives;
  const out: SweepPoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < sorted.length; ) {
    const t = sorted[i]!.score;
    while (i < sorted.length && sorted[i]!.score === t) {
      if (sorted[i]!.label === 1) tp++;
      else fp++;
      i++;
    }
    out.push({
      threshold: t,
      tp,
      fp,
      positives,
      negatives,
      precision: tp / (tp + fp),
      recall: positives > 0 ? tp / positives : Number.NaN,
      fpr: negatives > 0 ? fp / negatives : Number.NaN,
      triggerRate: (tp + fp) / sorted.length,
    });
  }
  return out;
}

/** Brier score (metrics.ts); NaN for no cases rather than a perfect-looking 0. */
export function brierOf(pairs: readonly Scored[]): number {
  return pairs.length ? brier(pairs.map((p) => p.score), pairs.map((p) => p.label)) : Number.NaN;
}

/** Non-empty reliability bins (metrics.ts calibrationBins) as mean predicted vs observed rate. */
export function reliability(pairs: readonly Scored[], bins = 10): { predicted: number; observed: number; n: number }[] {
  return calibrationBins(pairs.map((p) => p.score), pairs.map((p) => p.label), bins)
    .filter((b) => b.count > 0)
    .map((b) => ({ predicted: b.meanPredicted, observed: b.observedRate, n: b.count }));
}

/** Keep at most `max` evenly spaced points (always the first and last) so reports stay small. */
export function thin<T>(points: readonly T[], max = 200): T[] {
  if (points.length <= max) return [...points];
  const out: T[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)]!);
  return out;
}

/** Macro-averaged F1 (metrics.ts); NaN for no cases. */
export function macroF1Of(truth: readonly string[], pred: readonly string[]): number {
  return truth.length ? macroF1(pred, truth) : Number.NaN;
}
