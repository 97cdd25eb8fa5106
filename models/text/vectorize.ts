import type { TicketTerms } from "./features.ts";

/**
 * TF-IDF over a capped vocabulary. Each block (words, chars, meta) is normalised on its
 * own so the many character n-grams do not drown the words, then scaled.
 */

export interface VocabOptions {
  /** A term must occur in at least this many training tickets (drops typos and ids). */
  minDf: number;
  /** Most frequent terms kept per block: bounds model size and prediction time. */
  maxWords: number;
  maxChars: number;
  maxMeta: number;
  /** Block weights after L2 normalisation. */
  wordScale: number;
  charScale: number;
  metaScale: number;
}

/** What a fitted vocabulary stores: term i has inverse document frequency idf[i]. */
export interface Vocabulary {
  terms: string[];
  idf: number[];
}

/** A sparse row: feature indices and values (same length). */
export interface SparseRow {
  idx: Int32Array;
  val: Float64Array;
}

/** Prefix of character n-gram names in the vocabulary ("char:_rech"). */
export const CHAR_PREFIX = "char:";

/** Block of a vocabulary term, from its name: 0 words, 1 chars, 2 meta. */
export function termBlock(term: string): 0 | 1 | 2 {
  if (term.startsWith(CHAR_PREFIX)) return 1;
  if (term.startsWith("word:") || term.startsWith("bigram:") || term.startsWith("subject:")) return 0;
  return 2;
}

/** Keep the `cap` most frequent terms with df ≥ minDf; ties broken by name, so the result is deterministic. */
function topTerms(df: Map<string, number>, minDf: number, cap: number): [string, number][] {
  const kept = [...df].filter(([, n]) => n >= minDf);
  kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return kept.slice(0, cap);
}

/** Fit the vocabulary and smoothed idf (ln((1+n)/(1+df)) + 1, as scikit-learn) on training tickets. */
export function fitVocabulary(docs: readonly TicketTerms[], opts: VocabOptions): Vocabulary {
  const dfs: [Map<string, number>, Map<string, number>, Map<string, number>] = [new Map(), new Map(), new Map()];
  for (const d of docs) {
    for (const t of d.words.keys()) dfs[0].set(t, (dfs[0].get(t) ?? 0) + 1);
    for (const t of d.chars.keys()) dfs[1].set(t, (dfs[1].get(t) ?? 0) + 1);
    for (const t of d.meta) dfs[2].set(t, (dfs[2].get(t) ?? 0) + 1);
  }
  const caps = [opts.maxWords, opts.maxChars, opts.maxMeta];
  const terms: string[] = [];
  const idf: number[] = [];
  const n = docs.length;
  dfs.forEach((df, b) => {
    for (const [t, count] of topTerms(df, opts.minDf, caps[b] as number)) {
      terms.push(b === 1 ? CHAR_PREFIX + t : t);
      idf.push(Math.log((1 + n) / (1 + count)) + 1);
    }
  });
  return { terms, idf };
}

/** A vocabulary ready for lookups: one map per block (char n-grams without their prefix). */
export interface VocabIndex {
  blocks: [Map<string, number>, Map<string, number>, Map<string, number>];
  idf: Float64Array;
  scales: [number, number, number];
}

export function indexVocabulary(vocab: Vocabulary, opts: Pick<VocabOptions, "wordScale" | "charScale" | "metaScale">): VocabIndex {
  const blocks: VocabIndex["blocks"] = [new Map(), new Map(), new Map()];
  vocab.terms.forEach((t, i) => {
    const b = termBlock(t);
    blocks[b].set(b === 1 ? t.slice(CHAR_PREFIX.length) : t, i);
  });
  return { blocks, idf: Float64Array.from(vocab.idf), scales: [opts.wordScale, opts.charScale, opts.metaScale] };
}

/** Sublinear tf × idf for one block, L2-normalised and scaled; appended to idx/val. */
export function pushBlock(counts: Iterable<[string, number]>, index: Map<string, number>, v: VocabIndex, scale: number, idx: number[], val: number[]): void {
  const start = val.length;
  let norm = 0;
  for (const [term, tf] of counts) {
    const i = index.get(term);
    if (i === undefined) continue;
    const x = (1 + Math.log(tf)) * (v.idf[i] as number);
    idx.push(i);
    val.push(x);
    norm += x * x;
  }
  normalizeFrom(start, norm, scale, val);
}

/** Term counts already mapped to feature indices: `tf[j]` occurrences of feature `ids[j]`. */
export interface IndexedCounts {
  ids: number[];
  tf: number[];
}

/** The same for a block already mapped to feature indices. */
export function pushIndexedBlock(counts: IndexedCounts, v: VocabIndex, scale: number, idx: number[], val: number[]): void {
  const start = val.length;
  let norm = 0;
  for (let j = 0; j < counts.ids.length; j++) {
    const i = counts.ids[j] as number;
    const x = (1 + Math.log(counts.tf[j] as number)) * (v.idf[i] as number);
    idx.push(i);
    val.push(x);
    norm += x * x;
  }
  normalizeFrom(start, norm, scale, val);
}

function normalizeFrom(start: number, norm: number, scale: number, val: number[]): void {
  if (norm === 0) return;
  const k = scale / Math.sqrt(norm);
  for (let j = start; j < val.length; j++) val[j] = (val[j] as number) * k;
}

/**
 * The feature vector of a ticket's terms. Unknown terms are ignored; an empty ticket gives
 * an empty row. (Prediction builds the same row straight from tokens: row.ts.)
 */
export function vectorize(terms: TicketTerms, v: VocabIndex): SparseRow {
  const idx: number[] = [];
  const val: number[] = [];
  pushBlock(terms.words, v.blocks[0], v, v.scales[0], idx, val);
  pushBlock(terms.chars, v.blocks[1], v, v.scales[1], idx, val);
  pushBlock(
    terms.meta.map((t): [string, number] => [t, 1]),
    v.blocks[2],
    v,
    v.scales[2],
    idx,
    val,
  );
  return { idx: Int32Array.from(idx), val: Float64Array.from(val) };
}
