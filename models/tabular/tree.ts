/**
 * One regression tree of the boosted model: its flat representation, routing of a bin at
 * a node, and the depth-wise histogram builder (gain = G_L²/(H_L+λ) + G_R²/(H_R+λ) -
 * G²/(H+λ), Newton leaf values, histogram subtraction for the larger child).
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

export interface GbmData {
  bins: Uint8Array[];
  nBins: number[];
  /** Categorical columns get set splits (categories re-ordered by gradient at each node). */
  categorical: boolean[];
  y: Float64Array;
}

/** The settings a single tree needs. */
export interface TreeParams {
  learningRate: number;
  maxDepth: number;
  minLeaf: number;
  lambda: number;
}


/** Does bin `b` go left at internal node `i`? */
export function goesLeft(tree: Tree, i: number, b: number): boolean {
  if (b === 0) return tree.m[i] === 1;
  const cats = tree.c[i]!;
  return cats.length > 0 ? cats.includes(b) : b <= tree.t[i]!;
}

/** Leaf of `row` using the builder's per-node routing tables (same result as treeLeaf). */
export function routedLeaf(tree: Tree, left: readonly (Uint8Array | undefined)[], bins: Uint8Array[], row: number): number {
  let i = 0;
  const { f, l, r } = tree;
  while (f[i]! >= 0) i = left[i]![bins[f[i]!]![row]!] === 1 ? l[i]! : r[i]!;
  return i;
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

export class TreeBuilder {
  readonly tree: Tree = { f: [], t: [], m: [], c: [], l: [], r: [], v: [] };
  /** Per node, 1 where a bin goes left (internal nodes only): O(1) routing while boosting. */
  readonly left: (Uint8Array | undefined)[] = [];
  private readonly offsets: number[] = [];
  private readonly size: number;

  constructor(
    private readonly data: GbmData,
    private readonly g: Float64Array,
    private readonly h: Float64Array,
    private readonly cols: number[],
    private readonly p: TreeParams,
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
    this.left.push(undefined);
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
      // Only the sampled columns' bins are ever read.
      const hb = h.map((a, i) => {
        const s = hs[i]!;
        const out = new Float64Array(a.length);
        for (const c of this.cols) {
          const from = this.offsets[c]!;
          const to = from + this.data.nBins[c]!;
          for (let j = from; j < to; j++) out[j] = a[j]! - s[j]!;
        }
        return out;
      });
      [hl, hr] = small === L ? [hs, hb] : [hb, hs];
    }
    t.f[node] = split.col;
    t.t[node] = cats.length > 0 ? 0 : split.t;
    t.c[node] = cats;
    t.m[node] = split.missLeft ? 1 : 0;
    this.left[node] = left;
    t.l[node] = this.build(L, depth + 1, hl);
    t.r[node] = this.build(R, depth + 1, hr);
    return node;
  }
}

