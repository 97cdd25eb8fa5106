import type { ChunkHit } from "./store/search.ts";

/** How much each retriever counts in the fused score (after scaling each to its best hit = 1). */
export interface FusionWeights {
  fts: number;
  vector: number;
}

/**
 * Default weights, from a grid over knowledge/eval (npm docs; fts weight 0–1 in steps of
 * 0.1: 0.2 and 0.3 were best) kept round so they do not overfit it: the BM25 vectors carry the ranking, full text
 * (Snowball stemming, title/heading weights) reorders near-ties. See knowledge/eval/README.md.
 */
export const DEFAULT_WEIGHTS: FusionWeights = { fts: 0.25, vector: 0.75 };

/** A chunk with its fused score and what each retriever said. */
export interface FusedChunk extends ChunkHit {
  fts: number;
  vector: number;
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
 * Score-level fusion: each list is scaled so its best hit scores 1, then combined with the
 * weights. Unlike reciprocal-rank fusion this keeps the margins: a retriever that is sure
 * (one hit far ahead) outweighs one that is guessing among near-equal hits.
 */
export function fuseChunks(fts: ChunkHit[], vector: ChunkHit[], weights: FusionWeights = DEFAULT_WEIGHTS): FusedChunk[] {
  const byId = new Map<string, FusedChunk>();
  const add = (hits: ChunkHit[], key: "fts" | "vector") => {
    const top = hits.reduce((m, h) => Math.max(m, h.score), 0);
    if (top <= 0) return;
    for (const h of hits) {
      const entry = byId.get(h.chunkId) ?? { ...h, score: 0, fts: 0, vector: 0 };
      entry[key] = h.score / top;
      byId.set(h.chunkId, entry);
    }
  };
  add(fts, "fts");
  add(vector, "vector");
  const out = [...byId.values()];
  for (const c of out) c.score = weights.fts * c.fts + weights.vector * c.vector;
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

/** One retriever's chunks as documents: best chunk + SECOND_CHUNK_WEIGHT × second, scaled so the top document is 1. */
function documentScores(hits: ChunkHit[], secondWeight: number): Map<string, number> {
  const best = new Map<string, number[]>();
  for (const h of hits) {
    const g = best.get(h.document) ?? [];
    g.push(h.score);
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
 * chunks aggregated), the two document lists are scaled and combined by weight. Fusing at
 * document level keeps one retriever's many mediocre chunks of a long document from
 * outvoting the other's clear winner (measured better than chunk-level fusion and than
 * reciprocal-rank fusion: knowledge/eval/README.md). `best` is the document's top fused chunk.
 */
export function fuseDocuments(fts: ChunkHit[], vector: ChunkHit[], weights: FusionWeights = DEFAULT_WEIGHTS, secondWeight = SECOND_CHUNK_WEIGHT): RankedDocument[] {
  const f = documentScores(fts, secondWeight);
  const v = documentScores(vector, secondWeight);
  const chunks = fuseChunks(fts, vector, weights);
  const bestChunk = new Map<string, FusedChunk>();
  for (const c of chunks) if (!bestChunk.has(c.document)) bestChunk.set(c.document, c);
  const docs: RankedDocument[] = [];
  for (const [document, best] of bestChunk) {
    docs.push({ document, score: weights.fts * (f.get(document) ?? 0) + weights.vector * (v.get(document) ?? 0), best });
  }
  return docs.sort((a, b) => b.score - a.score || a.document.localeCompare(b.document));
}
