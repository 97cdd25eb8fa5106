/**
 * Seeded randomness for the learner: every random choice (folds, row and column
 * subsampling, validation split) comes from here, so a seed fixes the model bytes.
 */

/** mulberry32: small, fast, good enough for sampling; returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

/** Stratified holdout: a `share` of each class goes to validation. */
export function stratifiedSplit(rows: readonly number[], labels: ArrayLike<number>, share: number, rand: () => number): { train: number[]; valid: number[] } {
  const train: number[] = [];
  const valid: number[] = [];
  for (const cls of [1, 0]) {
    const group = shuffle(rows.filter((r) => labels[r] === cls), rand);
    const nValid = Math.round(group.length * share);
    group.forEach((r, i) => (i < nValid ? valid : train).push(r));
  }
  return { train: train.sort((a, b) => a - b), valid: valid.sort((a, b) => a - b) };
}
