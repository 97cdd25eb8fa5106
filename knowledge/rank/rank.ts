/**
 * In-memory ranking of one knowledge base: candidates with features (features.ts), scored
 * by the knowledge base's weights (model.ts). The single-signal modes the eval reports
 * beside the fused ranking are the same code with one-hot weights.
 */
import { candidates, chunkOrder, type ChunkFilter, FEATURES, type Feature } from "./features.ts";
import type { KbIndex } from "./kb-index.ts";
import { scoreOf, toVector } from "./model.ts";

/** One ranked document: its index in the KbIndex, score, and its chunks best first (for citations). */
export interface RankedDoc {
  doc: number;
  document: string;
  score: number;
  /** Chunk indices of this document, best first (at most `chunksPerDoc`). */
  chunks: number[];
}

export interface RankOptions {
  filter?: ChunkFilter;
  /** Hide one chunk (pseudo-query fitting). */
  exclude?: number;
  /** Documents returned. */
  limit?: number;
  /** Chunks kept per document for citations (0 = none). */
  chunksPerDoc?: number;
}

/** BM25 alone (the local embedder's signal): best chunk plus 0.15 × the second, as the fusion before it. */
export const BM25_ONLY: Record<Feature, number> = oneHot({ main: 1, main2: 0.15 });
/** The corpus-fitted LSA alone. */
export const LSA_ONLY: Record<Feature, number> = oneHot({ lsa: 1 });

function oneHot(w: Partial<Record<Feature, number>>): Record<Feature, number> {
  return Object.fromEntries(FEATURES.map((f) => [f, w[f] ?? 0])) as Record<Feature, number>;
}

/** Documents for a query, best first, ties by name (every run gives the same order). */
export function rankDocuments(ix: KbIndex, query: string, weights: Record<Feature, number>, o: RankOptions = {}): RankedDoc[] {
  const w = toVector(weights);
  const cands = candidates(ix, query, o.filter, o.exclude ?? -1);
  const scored = cands
    .map((c) => ({ c, score: scoreOf(c.x, w) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || ((ix.documents[a.c.doc] as string) < (ix.documents[b.c.doc] as string) ? -1 : 1))
    .slice(0, o.limit ?? 10);
  const per = o.chunksPerDoc ?? 0;
  return scored.map(({ c, score }) => ({
    doc: c.doc,
    document: ix.documents[c.doc] as string,
    score,
    chunks: per > 0 ? chunkOrder(ix, c, weights.main + weights.main2, weights.lsa, o.filter).slice(0, per) : [],
  }));
}
