/**
 * Latent semantic analysis fitted on a knowledge base's own chunks: a TF-IDF chunk × term
 * matrix, its truncated SVD, and the projection that folds any text (a new chunk, a query)
 * into the same k-dimensional space. Words that occur in the same passages end up close,
 * so a query can match a passage it shares no word with. Pure and deterministic.
 */
import { terms } from "../embed/features.ts";
import { randomizedSvd, type SparseMatrix } from "./svd.ts";

/** Bump when features, weighting or fitting change: a stored model of another version is refitted. */
export const LSA_VERSION = "lsa-v1";

export interface LsaOptions {
  /** Latent dimensions (the measurements: 128–256; 128 measured as good as 256 here). */
  dimensions: number;
  /** Title, summary and heading words count this many times (they say what the passage is about). */
  contextBoost: number;
  /** At most this many distinct chunks are fitted on (sampled evenly); the rest are folded in. 5,000 keeps the SVD to seconds (it grows with passages × (k + 16)²) and covers every eval corpus whole (the largest has 2,334). */
  maxFitChunks: number;
  seed: number;
}

export const LSA_DEFAULTS: LsaOptions = { dimensions: 128, contextBoost: 2, maxFitChunks: 5_000, seed: 1 };

/** A passage to fit on or fold in. */
export interface LsaText {
  text: string;
  context?: string | undefined;
}

/** A fitted model: per vocabulary term its IDF and its row of the projection (length k). */
export interface LsaModel {
  version: string;
  dimensions: number;
  /** How many distinct chunks the SVD saw. */
  fittedOn: number;
  terms: Map<string, { idf: number; vector: Float32Array }>;
}

/** Term counts of a passage: content words once, context words `contextBoost` times. */
export function termCounts(input: LsaText, contextBoost = LSA_DEFAULTS.contextBoost): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of terms(input.text)) out.set(t, (out.get(t) ?? 0) + 1);
  if (input.context) for (const t of terms(input.context)) out.set(t, (out.get(t) ?? 0) + contextBoost);
  return out;
}

/** Sublinear TF × IDF, unit length: long passages do not dominate the fit or the cosine. */
function weigh(counts: Map<string, number>, idfOf: (t: string) => number | undefined): Map<string, number> {
  const out = new Map<string, number>();
  let len = 0;
  for (const [t, tf] of counts) {
    const idf = idfOf(t);
    if (idf === undefined || idf <= 0 || tf <= 0) continue;
    const w = (1 + Math.log(tf)) * idf;
    out.set(t, w);
    len += w * w;
  }
  len = Math.sqrt(len);
  if (len > 0) for (const [t, w] of out) out.set(t, w / len);
  return out;
}

/**
 * Fit on distinct passages (callers drop verbatim repeats first: a block copied into 30
 * documents would otherwise become a latent topic of its own). Terms seen in one passage
 * only are dropped once the corpus is large enough to have co-occurrence to learn from.
 */
export function fitLsa(passages: LsaText[], opts: Partial<LsaOptions> = {}): LsaModel {
  const o = { ...LSA_DEFAULTS, ...opts };
  const step = Math.max(1, passages.length / o.maxFitChunks);
  const sample: LsaText[] = [];
  for (let i = 0; i < passages.length && sample.length < o.maxFitChunks; i++) sample.push(passages[Math.floor(i * step)] as LsaText);
  const counts = sample.map((p) => termCounts(p, o.contextBoost));
  const df = new Map<string, number>();
  for (const c of counts) for (const t of c.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const minDf = sample.length >= 200 ? 2 : 1;
  const vocab = [...df.entries()].filter(([, n]) => n >= minDf).map(([t]) => t).sort();
  const col = new Map(vocab.map((t, j) => [t, j]));
  const n = sample.length;
  // Smoothed IDF, so a term in every passage still counts a little (and tiny corpora work).
  const idf = vocab.map((t) => Math.log((n + 1) / (df.get(t) as number)));
  const rowPtr = new Int32Array(n + 1);
  const colIdx: number[] = [];
  const values: number[] = [];
  counts.forEach((c, i) => {
    const w = [...weigh(c, (t) => { const j = col.get(t); return j === undefined ? undefined : idf[j]; }).entries()].map(([t, x]) => [col.get(t) as number, x] as const).sort((a, b) => a[0] - b[0]);
    for (const [j, x] of w) {
      colIdx.push(j);
      values.push(x);
    }
    rowPtr[i + 1] = colIdx.length;
  });
  const a: SparseMatrix = { rows: n, cols: vocab.length, rowPtr, colIdx: Int32Array.from(colIdx), values: Float64Array.from(values) };
  // A rank as high as the number of passages reduces nothing (every passage keeps its own
  // axis): small corpora get at most one dimension per two passages.
  const svd = randomizedSvd(a, Math.min(o.dimensions, Math.max(1, Math.floor(n / 2))), { seed: o.seed, powerIterations: 2 });
  const model: LsaModel = { version: LSA_VERSION, dimensions: svd.k, fittedOn: n, terms: new Map() };
  vocab.forEach((t, j) => {
    model.terms.set(t, { idf: idf[j] as number, vector: Float32Array.from(svd.v.subarray(j * svd.k, (j + 1) * svd.k)) });
  });
  return model;
}

/**
 * Fold a passage or query into the latent space: its TF-IDF vector times the projection,
 * unit length (V, not V Σ⁻¹: chunk vectors are then U Σ, which measured better for
 * retrieval than U). Undefined when it has no known term: it has no place in the space.
 */
export function foldIn(counts: Map<string, number>, lookup: (term: string) => { idf: number; vector: Float32Array } | undefined, k: number): number[] | undefined {
  const w = weigh(counts, (t) => lookup(t)?.idf);
  if (w.size === 0) return undefined;
  const v = new Float64Array(k);
  for (const [t, x] of w) {
    const row = lookup(t)?.vector;
    if (row) for (let c = 0; c < k; c++) v[c] = (v[c] as number) + x * (row[c] as number);
  }
  let len = 0;
  for (let c = 0; c < k; c++) len += (v[c] as number) ** 2;
  len = Math.sqrt(len);
  return len > 1e-12 ? Array.from(v, (x) => x / len) : undefined;
}
