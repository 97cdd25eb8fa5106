import type { ChunkHit } from "./store/search.ts";

/** The retrievers fused: Postgres full text, the embedder's vectors, the corpus-fitted LSA vectors. */
export type Retriever = "fts" | "vector" | "lsa";
export const RETRIEVERS: readonly Retriever[] = ["fts", "vector", "lsa"];

/** How much each retriever counts in the fused score (after scaling each to its best hit = 1). */
export type FusionWeights = Record<Retriever, number>;

/** Each retriever's hits for one query (a missing list counts as no hits). */
export type HitLists = Partial<Record<Retriever, ChunkHit[]>>;

/**
 * Default weights, from a coarse grid over knowledge/eval (npm docs; steps of 0.1), kept
 * round so they do not overfit it: the BM25 vectors carry the ranking, LSA adds matches
 * with no shared word, full text (Snowball stemming, title/heading weights) reorders
 * near-ties. Neighbouring weights are within ±0.015 hit@5 (knowledge/eval/README.md).
 */
export const DEFAULT_WEIGHTS: FusionWeights = { fts: 0.2, vector: 0.5, lsa: 0.3 };

/** A chunk with its fused score and what each retriever said (scaled, 0 = not found). */
export interface FusedChunk extends ChunkHit {
  fts: number;
  vector: number;
  lsa: number;
}

/** A document's score: its best chunk, plus a little for a second relevant chunk. */
export interface RankedDocument {
  document: string;
  score: number;
  best: FusedChunk;
}

/** Weight of a document's second-best chunk: several matching passages hint at the right document. */
export const SECOND_CHUNK_WEIGHT = 0.15;

/**
 * A passage found verbatim in `shared` documents is evidence for each of them split evenly
 * (1 / shared): an option list copied into 30 command pages must not make all 30 look
 * relevant, nor outweigh the one page whose own text matches (measured: +0.04 hit@5 for
 * BM25 on knowledge/eval). Citations still show the passage at its full score.
 */
export function evidence(h: ChunkHit): number {
  return h.score / Math.max(1, h.shared ?? 1);
}

/**
 * Score-level fusion of chunks: each list is scaled so its best hit scores 1, then combined
 * with the weights. Unlike reciprocal-rank fusion this keeps the margins: a retriever that
 * is sure (one hit far ahead) outweighs one that is guessing among near-equal hits.
 */
export function fuseChunks(lists: HitLists, weights: FusionWeights = DEFAULT_WEIGHTS): FusedChunk[] {
  const byId = new Map<string, FusedChunk>();
  for (const key of RETRIEVERS) {
    const hits = lists[key] ?? [];
    const top = hits.reduce((m, h) => Math.max(m, h.score), 0);
    if (top <= 0) continue;
    for (const h of hits) {
      const entry = byId.get(h.chunkId) ?? { ...h, score: 0, fts: 0, vector: 0, lsa: 0 };
      entry[key] = Math.max(0, h.score) / top;
      byId.set(h.chunkId, entry);
    }
  }
  const out = [...byId.values()];
  for (const c of out) c.score = weights.fts * c.fts + weights.vector * c.vector + weights.lsa * c.lsa;
  return out.sort((a, b) => b.score - a.score || a.chunkId.localeCompare(b.chunkId));
}

/** Chunks to documents: best chunk's score plus SECOND_CHUNK_WEIGHT of the second's. */
export function rankDocuments(chunks: FusedChunk[], secondWeight = SECOND_CHUNK_WEIGHT): RankedDocument[] {
  const groups = new Map<string, FusedChunk[]>();
  for (const c of chunks) {
    const g = groups.get(c.document) ?? [];
    g.push(c);
    groups.set(c.document, g);
  }
  const docs: RankedDocument[] = [];
  for (const [document, g] of groups) {
    g.sort((a, b) => b.score - a.score);
    const best = g[0] as FusedChunk;
    docs.push({ document, score: best.score + secondWeight * (g[1]?.score ?? 0), best });
  }
  return docs.sort((a, b) => b.score - a.score || a.document.localeCompare(b.document));
}

/**
 * One retriever's chunks as documents: best chunk + SECOND_CHUNK_WEIGHT × second, each
 * chunk counted by its `evidence` (shared passages split), scaled so the top document is 1.
 */
export function documentScores(hits: ChunkHit[], secondWeight = SECOND_CHUNK_WEIGHT): Map<string, number> {
  const best = new Map<string, number[]>();
  for (const h of hits) {
    const g = best.get(h.document) ?? [];
    g.push(Math.max(0, evidence(h)));
    best.set(h.document, g);
  }
  const out = new Map<string, number>();
  for (const [doc, g] of best) {
    g.sort((a, b) => b - a);
    out.set(doc, (g[0] ?? 0) + secondWeight * (g[1] ?? 0));
  }
  const top = Math.max(0, ...out.values());
  if (top > 0) for (const [doc, v] of out) out.set(doc, v / top);
  return out;
}

/**
 * Document ranking for fused search: each retriever ranks documents on its own (its
 * chunks aggregated), the document lists are scaled and combined by weight. Fusing at
 * document level keeps one retriever's many mediocre chunks of a long document from
 * outvoting another's clear winner (measured better than chunk-level fusion and than
 * reciprocal-rank fusion: knowledge/eval/README.md). `best` is the document's top fused chunk.
 */
export function fuseDocuments(lists: HitLists, weights: FusionWeights = DEFAULT_WEIGHTS, secondWeight = SECOND_CHUNK_WEIGHT): RankedDocument[] {
  const perRetriever = RETRIEVERS.map((key) => [key, documentScores(lists[key] ?? [], secondWeight)] as const);
  const bestChunk = new Map<string, FusedChunk>();
  for (const c of fuseChunks(lists, weights)) if (!bestChunk.has(c.document)) bestChunk.set(c.document, c);
  const docs: RankedDocument[] = [];
  for (const [document, best] of bestChunk) {
    const score = perRetriever.reduce((s, [key, m]) => s + weights[key] * (m.get(document) ?? 0), 0);
    docs.push({ document, score, best });
  }
  return docs.sort((a, b) => b.score - a.score || a.document.localeCompare(b.document));
}
