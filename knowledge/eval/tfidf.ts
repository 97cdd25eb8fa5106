/**
 * A classic TF-IDF vectorizer with scikit-learn's `TfidfVectorizer` semantics, in memory,
 * used only as the retrieval baseline of the eval (knowledge/eval/baseline.ts). It is
 * deliberately plain: no stemming, no fields, no BM25 saturation, so the figures mean the
 * same as the "TF-IDF baseline" people quote.
 */

/** A sparse vector: term index → weight. */
export type SparseVector = Map<number, number>;

export interface TfidfOptions {
  /** Tokens dropped after lowercasing (sklearn `stop_words`); none by default. */
  stopWords?: ReadonlySet<string> | undefined;
  /** 1 + ln(tf) instead of raw counts (sklearn `sublinear_tf`). */
  sublinearTf?: boolean | undefined;
}

export interface TfidfModel {
  vocabulary: Map<string, number>;
  /** Smoothed IDF per term index: ln((1 + n) / (1 + df)) + 1. */
  idf: Float64Array;
  options: TfidfOptions;
}

/**
 * sklearn's default analyzer: lowercase, then the token pattern `(?u)\b\w\w+\b`, i.e.
 * every maximal run of word characters (letters, digits, underscore) of at least two
 * characters; "don't" gives "don", "C++" gives nothing. Stop words are removed afterwards.
 */
export function tokenize(text: string, stopWords?: ReadonlySet<string>): string[] {
  const runs = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  return runs.filter((t) => [...t].length >= 2 && !stopWords?.has(t));
}

function termCounts(tokens: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Learn the vocabulary and smoothed IDF of a corpus (sklearn `fit`). */
export function fitTfidf(texts: string[], options: TfidfOptions = {}): TfidfModel {
  const df = new Map<string, number>();
  for (const text of texts) {
    for (const term of new Set(tokenize(text, options.stopWords))) df.set(term, (df.get(term) ?? 0) + 1);
  }
  // sklearn orders the vocabulary alphabetically; the order does not change any score.
  const terms = [...df.keys()].sort();
  const vocabulary = new Map(terms.map((t, i) => [t, i] as const));
  const n = texts.length;
  const idf = Float64Array.from(terms, (t) => Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1);
  return { vocabulary, idf, options };
}

/** TF × IDF of one text, L2-normalised; words outside the vocabulary are ignored (sklearn `transform`). */
export function transform(model: TfidfModel, text: string): SparseVector {
  const vec: SparseVector = new Map();
  for (const [term, count] of termCounts(tokenize(text, model.options.stopWords))) {
    const i = model.vocabulary.get(term);
    if (i === undefined) continue;
    const tf = model.options.sublinearTf ? 1 + Math.log(count) : count;
    vec.set(i, tf * (model.idf[i] ?? 0));
  }
  let norm = 0;
  for (const w of vec.values()) norm += w * w;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [i, w] of vec) vec.set(i, w / norm);
  return vec;
}

/** Cosine of two L2-normalised sparse vectors (their dot product). */
export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [i, w] of small) dot += w * (large.get(i) ?? 0);
  return dot;
}

/** A retrievable unit (a whole document or one of its chunks) and its vector. */
export interface ScoredUnit {
  document: string;
  vector: SparseVector;
}

/**
 * Documents ranked by their best unit's cosine with the query (a whole-document unit is its
 * own best). Documents sharing no term with the query (cosine 0) are not retrieved; equal
 * scores are ordered by document name so every run gives the same ranking.
 */
export function rankDocuments(units: ScoredUnit[], query: SparseVector, limit: number): { document: string; score: number }[] {
  const best = new Map<string, number>();
  for (const unit of units) {
    const s = cosine(query, unit.vector);
    if (s > 0 && s > (best.get(unit.document) ?? 0)) best.set(unit.document, s);
  }
  return [...best]
    .map(([document, score]) => ({ document, score }))
    .sort((a, b) => b.score - a.score || (a.document < b.document ? -1 : a.document > b.document ? 1 : 0))
    .slice(0, limit);
}
