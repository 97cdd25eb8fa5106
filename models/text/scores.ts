import { mulberry32, shuffleInPlace } from "./random.ts";

/**
 * Classification scores and cross-validation folds used while fitting (the model file
 * reports them). evals/ has the product-wide metrics; these stay local so a fit does not
 * depend on the eval layer.
 */

/** Precision, recall, F1 and support of one label. */
export interface LabelScore {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassScores {
  accuracy: number;
  /** Unweighted mean F1 over the labels present in `truth` or predicted. */
  macroF1: number;
  perLabel: Record<string, LabelScore>;
}

/** Accuracy, macro-F1 and per-label precision/recall of predictions against truth. */
export function classScores(truth: readonly string[], predicted: readonly string[]): ClassScores {
  const labels = [...new Set([...truth, ...predicted])].sort();
  const perLabel: Record<string, LabelScore> = {};
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) correct++;
  let f1Sum = 0;
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      const t = truth[i] === label;
      const p = predicted[i] === label;
      if (t && p) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
    const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
    const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perLabel[label] = { precision, recall, f1, support: tp + fn };
    f1Sum += f1;
  }
  return { accuracy: truth.length ? correct / truth.length : 0, macroF1: labels.length ? f1Sum / labels.length : 0, perLabel };
}

/**
 * Stratified fold number of each item: items of each label are shuffled (seeded) and dealt
 * round-robin, so every fold sees every label that has at least `folds` items.
 */
export function stratifiedFolds(labels: readonly string[], folds: number, seed: number): Int32Array {
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const list = byLabel.get(l);
    if (list) list.push(i);
    else byLabel.set(l, [i]);
  });
  const out = new Int32Array(labels.length);
  const rnd = mulberry32(seed);
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const members = shuffleInPlace(Int32Array.from(byLabel.get(label) ?? []), rnd);
    // Continue the deal where the previous label stopped, so small labels do not all land in fold 0.
    for (const i of members) out[i] = next++ % folds;
  }
  return out;
}
