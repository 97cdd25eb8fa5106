import { auc } from "../../core/metrics.ts";

/**
 * Choosing the linear variant and the blend weight of trees and logistic model on
 * out-of-fold margins, plus an honest estimate of what that choice is worth: picking the
 * best of many candidates on the same rows it is scored on flatters the AUC, so each
 * fold's blend is also chosen on the other folds only (cross-fitting) and scored on its
 * own rows. A blend is kept only when that honest figure beats the trees alone: otherwise
 * the gain seen on the folds is selection noise and the simpler model is the better bet.
 */

/** Weight of the boosted trees' margin; the logistic margin gets 1 - w. */
export const BLEND_WEIGHTS = [1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0] as const;

export interface BlendChoice {
  /** Index of the chosen linear candidate (0 when there is none). */
  linear: number;
  /** Weight of the trees. */
  w: number;
  /** The chosen blend's out-of-fold margins. */
  oof: Float64Array;
  /** AUC of blends chosen without the rows they are scored on (pooled over folds). */
  nestedAuc: number;
  /** True when the best blend did not beat the trees alone under cross-fitting. */
  fellBack: boolean;
}

function pick(gbm: Float64Array, linear: readonly Float64Array[], labels: readonly boolean[], rows: readonly number[]): { linear: number; w: number } {
  const lab = rows.map((i) => labels[i]!);
  const aucOn = (m: (i: number) => number) => auc(rows.map(m), lab);
  let li = 0;
  let bestLin = Number.NEGATIVE_INFINITY;
  linear.forEach((l, c) => {
    const a = aucOn((i) => l[i]!);
    if (a > bestLin) [bestLin, li] = [a, c];
  });
  const lin = linear[li];
  let w: number = 1;
  let best = Number.NEGATIVE_INFINITY;
  for (const cand of lin ? BLEND_WEIGHTS : [1]) {
    const a = aucOn((i) => cand * gbm[i]! + (1 - cand) * (lin ? lin[i]! : 0));
    if (a > best) [best, w] = [a, cand];
  }
  return { linear: li, w };
}

/**
 * The linear candidate with the best out-of-fold AUC, then the blend weight with the
 * best out-of-fold AUC (ties: the first, i.e. more weight on the trees); the trees alone
 * when the cross-fitted AUC of that procedure does not beat theirs.
 */
export function chooseBlend(gbm: Float64Array, linear: readonly Float64Array[], labels: readonly boolean[], fold: Int32Array, k: number): BlendChoice {
  const n = gbm.length;
  const all = [...Array(n).keys()];
  const { linear: li, w } = pick(gbm, linear, labels, all);
  const blend = (l: number, wt: number, i: number) => wt * gbm[i]! + (1 - wt) * (linear[l] ? linear[l]![i]! : 0);
  const oof = Float64Array.from(all, (i) => blend(li, w, i));
  const nested = new Float64Array(n);
  for (let f = 0; f < k; f++) {
    const choice = pick(gbm, linear, labels, all.filter((i) => fold[i] !== f));
    for (let i = 0; i < n; i++) if (fold[i] === f) nested[i] = blend(choice.linear, choice.w, i);
  }
  const nestedAuc = auc([...nested], labels);
  if (w < 1 && !(nestedAuc > auc([...gbm], labels))) return { linear: li, w: 1, oof: Float64Array.from(gbm), nestedAuc, fellBack: true };
  return { linear: li, w, oof, nestedAuc, fellBack: false };
}
