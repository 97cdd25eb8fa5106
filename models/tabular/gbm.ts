import { prng } from "./prng.ts";

/**
 * Histogram gradient-boosted trees with logistic loss, on pre-binned columns (bin 0 =
 * missing). Depth-wise trees with a Newton leaf value -G/(H+λ), shrinkage, min rows per
 * leaf, L2 on leaf values, row and column subsampling from a seeded PRNG, missing values
 * routed to the better side at each split, and early stopping on a validation set.
 * Every node keeps its value so a prediction can be attributed to the features on its
 * path (Saabas): the contributions plus the root values sum exactly to the margin.
 */

/**
 * Flat tree: node i is a leaf when f[i] = -1. Otherwise bin 0 (missing) goes left iff
 * m[i] = 1; for a numeric split bins 1..t[i] go left; for a categorical split (c[i] not
 * empty) the listed category bins go left and any other category goes right.
 */
export interface Tree {
  f: number[];
  t: number[];
  m: number[];
  c: number[][];
  l: number[];
  r: number[];
  v: number[];
}

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

export interface GbmData {
  bins: Uint8Array[];
  nBins: number[];
  /** Categorical columns get set splits (categories re-ordered by gradient at each node). */
  categorical: boolean[];
  y: Float64Array;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Does bin `b` go left at internal node `i`? */
export function goesLeft(tree: Tree, i: number, b: number): boolean {
  if (b === 0) return tree.m[i] === 1;
  const cats = tree.c[i]!;
  return cats.length > 0 ? cats.includes(b) : b <= tree.t[i]!;
}

export function treeLeaf(tree: Tree, bins: Uint8Array[], row: number): number {
  let i = 0;
  while (tree.f[i]! >= 0) i = goesLeft(tree, i, bins[tree.f[i]!]![row]!) ? tree.l[i]! : tree.r[i]!;
  return i;
}

interface Split {
  gain: number;
  col: number;
  t: number;
  missLeft: boolean;
  /** Category bins going left (categorical splits only). */
  cats: number[];
}

/** Smoothing of the per-category gradient ratio used to order categories (as LightGBM's cat_smooth). */
const CAT_SMOOTH = 10;

class TreeBuilder {
  readonly tree: Tree = { f: [], t: [], m: [], c: [], l: [], r: [], v: [] };
  private readonly offsets: number[] = [];
  private readonly size: number;

  constructor(
    private readonly data: GbmData,
    private readonly g: Float64Array,
    private readonly h: Float64Array,
    private readonly cols: number[],
    private readonly p: GbmParams,
  ) {
    let off = 0;
    for (const n of data.nBins) {
      this.offsets.push(off);
      off += n;
    }
    this.size = off;
  }

  private histogram(rows: Uint32Array): Float64Array[] {
    const hg = new Float64Array(this.size);
    const hh = new Float64Array(this.size);
    const hc = new Float64Array(this.size);
    const { g, h } = this;
    for (const c of this.cols) {
      const b = this.data.bins[c]!;
      const off = this.offsets[c]!;
      for (let k = 0; k < rows.length; k++) {
        const r = rows[k]!;
        const j = off + b[r]!;
        hg[j] = hg[j]! + g[r]!;
        hh[j] = hh[j]! + h[r]!;
        hc[j] = hc[j]! + 1;
      }
    }
    return [hg, hh, hc];
  }

  private bestSplit(hist: Float64Array[], G: number, H: number, n: number): Split | undefined {
    const [hg, hh, hc] = hist as [Float64Array, Float64Array, Float64Array];
    const { lambda, minLeaf } = this.p;
    const parent = (G * G) / (H + lambda);
    let best: Split | undefined;
    for (const c of this.cols) {
      const off = this.offsets[c]!;
      const nb = this.data.nBins[c]!;
      const mg = hg[off]!;
      const mh = hh[off]!;
      const mc = hc[off]!;
      let cg = 0;
      let ch = 0;
      let cc = 0;
      const nonMissing = n - mc;
      // Scan order: bins ascending for numerics; for categoricals, the categories present
      // at this node sorted by their gradient ratio, so a prefix is the best subset split.
      let order: number[];
      const isCat = this.data.categorical[c] === true;
      if (isCat) {
        order = [];
        for (let b = 1; b < nb; b++) if (hc[off + b]! > 0) order.push(b);
        order.sort((a, b) => hg[off + a]! / (hh[off + a]! + CAT_SMOOTH) - hg[off + b]! / (hh[off + b]! + CAT_SMOOTH) || a - b);
      } else {
        order = [];
        for (let b = 1; b < nb; b++) order.push(b);
      }
      for (let k0 = 0; k0 < order.length - 1; k0++) {
        const t = order[k0]!;
        cg += hg[off + t]!;
        ch += hh[off + t]!;
        cc += hc[off + t]!;
        // With missing rows, try sending them left and right; without, they follow the
        // larger side at scoring time.
        const tries = mc > 0 ? 2 : 1;
        for (let k = 0; k < tries; k++) {
          const missLeft = mc > 0 ? k === 0 : cc >= nonMissing - cc;
          const lg = mc > 0 && missLeft ? cg + mg : cg;
          const lh = mc > 0 && missLeft ? ch + mh : ch;
          const lc = mc > 0 && missLeft ? cc + mc : cc;
          if (lc < minLeaf || n - lc < minLeaf || lh < 1e-6 || H - lh < 1e-6) continue;
          const gain = (lg * lg) / (lh + lambda) + ((G - lg) * (G - lg)) / (H - lh + lambda) - parent;
          if (gain > 1e-9 && (!best || gain > best.gain)) best = { gain, col: c, t: isCat ? k0 : t, missLeft, cats: isCat ? order : [] };
        }
      }
    }
    return best;
  }

  /** Grow the node at `rows`; returns its index. `hist` may be passed down from the parent. */
  build(rows: Uint32Array, depth: number, hist?: Float64Array[]): number {
    let G = 0;
    let H = 0;
    for (let k = 0; k < rows.length; k++) {
      G += this.g[rows[k]!]!;
      H += this.h[rows[k]!]!;
    }
    const node = this.tree.f.length;
    const t = this.tree;
    t.f.push(-1);
    t.t.push(0);
    t.m.push(0);
    t.c.push([]);
    t.l.push(-1);
    t.r.push(-1);
    t.v.push((-G / (H + this.p.lambda)) * this.p.learningRate);
    if (depth >= this.p.maxDepth || rows.length < 2 * this.p.minLeaf) return node;
    const h = hist ?? this.histogram(rows);
    const split = this.bestSplit(h, G, H, rows.length);
    if (!split) return node;
    const b = this.data.bins[split.col]!;
    const cats = split.cats.length > 0 ? split.cats.slice(0, split.t + 1).sort((x, y) => x - y) : [];
    const left = new Uint8Array(this.data.nBins[split.col]!);
    left[0] = split.missLeft ? 1 : 0;
    for (let k = 1; k < left.length; k++) left[k] = (cats.length > 0 ? cats.includes(k) : k <= split.t) ? 1 : 0;
    let nLeft = 0;
    for (let k = 0; k < rows.length; k++) nLeft += left[b[rows[k]!]!]!;
    const L = new Uint32Array(nLeft);
    const R = new Uint32Array(rows.length - nLeft);
    let li = 0;
    let ri = 0;
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      if (left[b[r]!] === 1) L[li++] = r;
      else R[ri++] = r;
    }
    // Histogram subtraction: build the smaller child, derive the larger from the parent.
    let hl: Float64Array[] | undefined;
    let hr: Float64Array[] | undefined;
    if (depth + 1 < this.p.maxDepth) {
      const small = L.length <= R.length ? L : R;
      const hs = this.histogram(small);
      const hb = h.map((a, i) => a.map((v, j) => v - hs[i]![j]!));
      [hl, hr] = small === L ? [hs, hb] : [hb, hs];
    }
    t.f[node] = split.col;
    t.t[node] = cats.length > 0 ? 0 : split.t;
    t.c[node] = cats;
    t.m[node] = split.missLeft ? 1 : 0;
    t.l[node] = this.build(L, depth + 1, hl);
    t.r[node] = this.build(R, depth + 1, hr);
    return node;
  }
}

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
    if (cols.length === 0) cols = [Math.floor(rand() * nCols)];
    const builder = new TreeBuilder(data, g, h, cols, p);
    builder.build(Uint32Array.from(sampled), 0);
    const tree = builder.tree;
    this.trees.push(tree);
    for (const i of train) F[i] = F[i]! + tree.v[treeLeaf(tree, data.bins, i)]!;
    for (const i of this.valid) F[i] = F[i]! + tree.v[treeLeaf(tree, data.bins, i)]!;
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

/** Raw margin (log-odds) of row `row` of a binned dataset. */
export function gbmMargin(model: GbmModel, bins: Uint8Array[], row: number): number {
  let s = model.init;
  for (const tree of model.trees) s += tree.v[treeLeaf(tree, bins, row)]!;
  return s;
}
