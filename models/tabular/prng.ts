/**
 * Seeded randomness for the learner: every random choice (folds, row and column
 * subsampling, validation split) comes from here, so a seed fixes the model bytes.
 */
import { mulberry32 } from "../../core/random.ts";

/** mulberry32: small, fast, good enough for sampling; returns floats in [0, 1). */
export const prng = mulberry32;

/** Fisher-Yates shuffle in place. */
export function shuffle<T>(xs: T[], rand: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/**
 * Stratified k-fold: positives and negatives are shuffled separately and dealt round-robin,
 * so every fold has (nearly) the same positive rate. Returns the fold of each row.
 */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, rand: () => number): Int32Array {
  const fold = new Int32Array(labels.length);
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === 1 ? pos : neg).push(i);
  let next = 0;
  for (const group of [shuffle(pos, rand), shuffle(neg, rand)]) {
    for (const i of group) fold[i] = next++ % k;
  }
  return fold;
}

