import type { SparseRow } from "./vectorize.ts";

/**
 * Nearest neighbours over the word block of the TF-IDF vectors (unigrams, bigrams, subject
 * words; L2-normalised, so a dot product is a cosine). Help desks see many near-duplicate
 * tickets (templates, follow-ups, the same customer twice), and the label of a close
 * neighbour is a better guess for them than a linear score. The votes of the k closest
 * training tickets, weighted by cosine^power, are blended with the linear model's
 * probabilities; k, power and the blend weight are chosen by cross-validation.
 */

/** Training rows as posting lists: for each feature, the rows that have it and their values. */
export interface NeighbourIndex {
  rows: number;
  /** CSR over features: postings of feature f are `row/val[start[f] .. start[f + 1])`. */
  start: Int32Array;
  row: Int32Array;
  val: Float32Array;
}

/** Sparse rows restricted to features where `keep(f)` (the word block). */
export function restrictRow(r: SparseRow, keep: (f: number) => boolean): SparseRow {
  const idx: number[] = [];
  const val: number[] = [];
  for (let j = 0; j < r.idx.length; j++) {
    if (!keep(r.idx[j] as number)) continue;
    idx.push(r.idx[j] as number);
    val.push(r.val[j] as number);
  }
  return { idx: Int32Array.from(idx), val: Float64Array.from(val) };
}

/** Build posting lists over `dims` features from training rows. */
export function buildNeighbourIndex(rows: readonly SparseRow[], dims: number): NeighbourIndex {
  const count = new Int32Array(dims + 1);
  for (const r of rows) for (const f of r.idx) count[f + 1] = (count[f + 1] as number) + 1;
  for (let f = 0; f < dims; f++) count[f + 1] = (count[f + 1] as number) + (count[f] as number);
  const start = Int32Array.from(count);
  const fill = Int32Array.from(count);
  const row = new Int32Array(start[dims] as number);
  const val = new Float32Array(start[dims] as number);
  rows.forEach((r, i) => {
    for (let j = 0; j < r.idx.length; j++) {
      const f = r.idx[j] as number;
      const at = fill[f] as number;
      row[at] = i;
      val[at] = r.val[j] as number;
      fill[f] = at + 1;
    }
  });
  return { rows: rows.length, start, row, val };
}

/** A neighbour: training row and cosine similarity. */
export interface Neighbour {
  row: number;
  sim: number;
}

/**
 * The `k` most similar training rows with a positive cosine, most similar first (ties by
 * row, so results are deterministic). `acc` is a scratch array of `index.rows` zeros,
 * left zeroed on return.
 */
export function nearest(index: NeighbourIndex, q: SparseRow, k: number, acc: Float64Array, skip = -1): Neighbour[] {
  const touched: number[] = [];
  for (let j = 0; j < q.idx.length; j++) {
    const f = q.idx[j] as number;
    if (f + 1 >= index.start.length) continue;
    const x = q.val[j] as number;
    for (let p = index.start[f] as number, end = index.start[f + 1] as number; p < end; p++) {
      const r = index.row[p] as number;
      if (acc[r] === 0) touched.push(r);
      acc[r] = (acc[r] as number) + x * (index.val[p] as number);
    }
  }
  // Partial selection: k is small, touched rows can be many.
  const best: Neighbour[] = [];
  for (const r of touched) {
    const sim = acc[r] as number;
    acc[r] = 0;
    if (sim <= 0 || r === skip) continue;
    if (best.length === k && !better(sim, r, best[k - 1] as Neighbour)) continue;
    let at = Math.min(best.length, k - 1);
    if (best.length < k) best.push({ row: r, sim });
    while (at > 0 && better(sim, r, best[at - 1] as Neighbour)) {
      best[at] = best[at - 1] as Neighbour;
      at--;
    }
    best[at] = { row: r, sim };
  }
  return best;
}

function better(sim: number, row: number, than: Neighbour): boolean {
  return sim > than.sim || (sim === than.sim && row < than.row);
}

/** How neighbours vote: the first `k`, each with weight cosine^power. */
export interface VoteRule {
  k: number;
  power: number;
}

/**
 * Label distribution from neighbours' votes (labels by training row, -1 = no label);
 * uniform when no neighbour has a label.
 */
export function votes(neighbours: readonly Neighbour[], labels: Int32Array, classes: number, rule: VoteRule): Float64Array {
  const out = new Float64Array(classes);
  let total = 0;
  for (let j = 0; j < Math.min(rule.k, neighbours.length); j++) {
    const nb = neighbours[j] as Neighbour;
    const l = labels[nb.row] as number;
    if (l < 0) continue;
    const w = Math.pow(nb.sim, rule.power);
    out[l] = (out[l] as number) + w;
    total += w;
  }
  if (total === 0) out.fill(1 / classes);
  else for (let k = 0; k < classes; k++) out[k] = (out[k] as number) / total;
  return out;
}

/** (1 − weight) · p + weight · q, in place in p. */
export function blendInto(p: Float64Array, q: Float64Array, weight: number): Float64Array {
  for (let k = 0; k < p.length; k++) p[k] = (1 - weight) * (p[k] as number) + weight * (q[k] as number);
  return p;
}
