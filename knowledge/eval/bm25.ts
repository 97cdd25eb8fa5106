/**
 * A plain Okapi BM25 baseline (Lucene's formula and defaults: k1 1.2, b 0.75, IDF
 * ln(1 + (N − df + 0.5) / (df + 0.5))), with the same plain tokenizer as the TF-IDF
 * baseline (knowledge/eval/tfidf.ts: lowercase `\b\w\w+\b`, no stemming, no stop words),
 * in memory. What "BM25" means to someone who tries it first, to set beside our ranking.
 */
import { tokenize } from "./tfidf.ts";

export interface Bm25Baseline {
  units: { document: string; tf: Map<string, number>; len: number }[];
  df: Map<string, number>;
  avgLen: number;
}

/** Index units (chunks or whole documents) for BM25. */
export function fitBm25(units: { document: string; text: string }[]): Bm25Baseline {
  const df = new Map<string, number>();
  const out = units.map((u) => {
    const tf = new Map<string, number>();
    const toks = tokenize(u.text);
    for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    return { document: u.document, tf, len: toks.length };
  });
  const avgLen = out.reduce((s, u) => s + u.len, 0) / Math.max(1, out.length);
  return { units: out, df, avgLen };
}

/** Documents by their best unit's BM25 score for the query (ties by name), top `limit`. */
export function rankBm25(m: Bm25Baseline, query: string, limit: number, k1 = 1.2, b = 0.75): string[] {
  const n = m.units.length;
  const q = [...new Set(tokenize(query))].filter((t) => m.df.has(t));
  const best = new Map<string, number>();
  for (const u of m.units) {
    let s = 0;
    for (const t of q) {
      const tf = u.tf.get(t);
      if (!tf) continue;
      const df = m.df.get(t) as number;
      s += Math.log(1 + (n - df + 0.5) / (df + 0.5)) * ((tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * u.len) / m.avgLen)));
    }
    if (s > 0 && s > (best.get(u.document) ?? 0)) best.set(u.document, s);
  }
  return [...best].sort((a, b2) => b2[1] - a[1] || (a[0] < b2[0] ? -1 : 1)).slice(0, limit).map(([d]) => d);
}
