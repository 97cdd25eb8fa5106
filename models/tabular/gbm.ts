import { prng } from "./prng.ts";
import { routedLeaf, TreeBuilder, treeLeaf, type GbmData, type Tree } from "./tree.ts";

export type { GbmData, Tree } from "./tree.ts";
export { goesLeft, treeLeaf } from "./tree.ts";

/**
 * Histogram gradient-boosted trees with logistic loss, on pre-binned columns (bin 0 =
 * missing). Depth-wise trees with a Newton leaf value -G/(H+λ), shrinkage, min rows per
 * leaf, L2 on leaf values, row and column subsampling from a seeded PRNG, missing values
 * routed to the better side at each split, categorical set splits, and early stopping on
 * validation log loss (one booster, or several in lock-step for cross-validation).
 * Every node keeps its value so a prediction can be attributed to the features on its
 * path (Saabas): the contributions plus the root values sum exactly to the margin.
 */

export interface GbmParams {
  learningRate: number;
  maxDepth: number;
  minLeaf: number;
  lambda: number;
  rowSample: number;
  colSample: number;
  maxRounds: number;
  /** Stop when validation log loss has not improved for this many rounds. */
  patience: number;
  seed: number;
}

export interface GbmModel {
  init: number;
  trees: Tree[];
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Boosting one round at a time on `train` rows, keeping margins of `valid` rows up to
 * date, so a caller can run several boosters in lock-step (cross-validation with a shared
 * stopping round, as lgb.cv / xgb.cv do) or alone with early stopping (`fitGbm`).
 */
export class Booster {
  readonly init: number;
  readonly trees: Tree[] = [];
  private readonly F: Float64Array;
  private readonly g: Float64Array;
  private readonly h: Float64Array;
  private readonly rand: () => number;

  constructor(
    private readonly data: GbmData,
    private readonly train: readonly number[],
    private readonly valid: readonly number[],
    private readonly p: GbmParams,
  ) {
    this.rand = prng(p.seed);
    const n = data.y.length;
    const pos = train.reduce((s, i) => s + data.y[i]!, 0);
    const rate = Math.min(1 - 1e-6, Math.max(1e-6, pos / Math.max(1, train.length)));
    this.init = Math.log(rate / (1 - rate));
    this.F = new Float64Array(n).fill(this.init);
    this.g = new Float64Array(n);
    this.h = new Float64Array(n);
  }

  /** Add one tree. */
  step(): void {
    const { data, train, p, F, g, h, rand } = this;
    for (const i of train) {
      const q = sigmoid(F[i]!);
      g[i] = q - data.y[i]!;
      h[i] = Math.max(q * (1 - q), 1e-12);
    }
    const sampled = p.rowSample < 1 ? train.filter(() => rand() < p.rowSample) : [...train];
    const nCols = data.bins.length;
    let cols = [...Array(nCols).keys()];
    if (p.colSample < 1) cols = cols.filter(() => rand() < p.colSample);
    if (cols.length === 0 && nCols > 0) cols = [Math.floor(rand() * nCols)];
    const builder = new TreeBuilder(data, g, h, cols, p);
    builder.build(Uint32Array.from(sampled), 0);
    const tree = builder.tree;
    this.trees.push(tree);
    const left = builder.left;
    for (const i of train) F[i] = F[i]! + tree.v[routedLeaf(tree, left, data.bins, i)]!;
    for (const i of this.valid) F[i] = F[i]! + tree.v[routedLeaf(tree, left, data.bins, i)]!;
  }

  /** Current margin of row `i` (a training or validation row). */
  margin(i: number): number {
    return this.F[i]!;
  }

  /** Summed log loss of the validation rows at the current round. */
  validLoss(): number {
    let loss = 0;
    for (const i of this.valid) {
      const q = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(this.F[i]!)));
      loss -= this.data.y[i] === 1 ? Math.log(q) : Math.log(1 - q);
    }
    return loss;
  }

  /** The model with its first `rounds` trees. */
  model(rounds = this.trees.length): GbmModel {
    return { init: this.init, trees: this.trees.slice(0, rounds) };
  }
}

/** Tracks the best round of a loss sequence; `done` after `patience` rounds without gain. */
export class EarlyStopping {
  best = Number.POSITIVE_INFINITY;
  bestRound = 0;
  constructor(private readonly patience: number) {}
  /** Record the loss after `round` trees; true when training should stop. */
  update(loss: number, round: number): boolean {
    if (this.bestRound === 0 || loss < this.best - 1e-9 * Math.abs(this.best)) {
      this.best = loss;
      this.bestRound = round;
      return false;
    }
    return round - this.bestRound >= this.patience;
  }
}

export interface GbmFit {
  model: GbmModel;
  /** Rounds kept (the best validation round when early stopping ran). */
  rounds: number;
}

/**
 * Fit on `train` rows; with `valid` rows, stop early on validation log loss and keep the
 * best round. Without them, run exactly `p.maxRounds` rounds.
 */
export function fitGbm(data: GbmData, train: readonly number[], valid: readonly number[], p: GbmParams): GbmFit {
  const booster = new Booster(data, train, valid, p);
  const stop = new EarlyStopping(p.patience);
  for (let round = 1; round <= p.maxRounds; round++) {
    booster.step();
    if (valid.length > 0 && stop.update(booster.validLoss(), round)) break;
  }
  const rounds = valid.length ? Math.max(1, stop.bestRound) : booster.trees.length;
  return { model: booster.model(rounds), rounds };
}

/** Log loss of one label at margin `z`, clamped away from infinity. */
export function logLoss(y: number, z: number): number {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(z)));
  return y === 1 ? -Math.log(q) : -Math.log(1 - q);
}

/**
 * One model whose margin is the average of several models' margins: every leaf (and
 * internal node) value is divided by their count, so path attributions stay exact.
 */
export function averageModels(models: readonly GbmModel[]): GbmModel {
  const k = models.length;
  if (k === 1) return models[0]!;
  const init = models.reduce((s, m) => s + m.init, 0) / k;
  const trees: Tree[] = [];
  for (const m of models) for (const t of m.trees) trees.push({ ...t, v: t.v.map((v) => v / k) });
  return { init, trees };
}

/** Seeds of bagged boosters are this far apart (a prime: no clash with fold seeds). */
export const BAG_SEED_STRIDE = 7919;

/** One CV fold for lock-step boosting; `seed` seeds its first bagged booster. */
export interface FoldData {
  train: number[];
  test: number[];
  data: GbmData;
  seed: number;
}

/**
 * Boost all folds in lock-step and stop on their summed held-out log loss (as lgb.cv):
 * every fold model uses all of its training rows, and one round count serves the folds
 * and the final model alike. Each fold averages `bags` boosters with their own seeds.
 */
export function boostFolds(folds: readonly FoldData[], y: Float64Array, gp: GbmParams, bags: number): { oof: Float64Array; rounds: number } {
  const boosters = folds.map((fd) => Array.from({ length: bags }, (_, b) => new Booster(fd.data, fd.train, fd.test, { ...gp, seed: fd.seed + BAG_SEED_STRIDE * b })));
  const stop = new EarlyStopping(gp.patience);
  const oof = new Float64Array(y.length);
  const best = new Float64Array(y.length);
  for (let round = 1; round <= gp.maxRounds; round++) {
    let loss = 0;
    folds.forEach((fd, f) => {
      const bag = boosters[f]!;
      for (const booster of bag) booster.step();
      for (const i of fd.test) {
        let z = 0;
        for (const booster of bag) z += booster.margin(i);
        oof[i] = z / bags;
        loss += logLoss(y[i]!, oof[i]!);
      }
    });
    const done = stop.update(loss, round);
    if (stop.bestRound === round) best.set(oof);
    if (done) break;
  }
  return { oof: best, rounds: Math.max(1, stop.bestRound) };
}

/** Raw margin (log-odds) of row `row` of a binned dataset. */
export function gbmMargin(model: GbmModel, bins: Uint8Array[], row: number): number {
  let s = model.init;
  for (const tree of model.trees) s += tree.v[treeLeaf(tree, bins, row)]!;
  return s;
}
