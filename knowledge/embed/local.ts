import type { EmbedInput, Embedder, SparseVector } from "./types.ts";
import { FEATURE_SPACE, featureCounts } from "./features.ts";

/** BM25 term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;
/** Typical passage length in features; fixed so a vector never depends on other documents. */
const AVG_LEN = 120;
/** Title and heading words count this many times: they say what the passage is about. */
const CONTEXT_BOOST = 2;
/** pgvector's HNSW index takes sparse vectors with at most 1000 non-zero entries. */
export const MAX_NONZERO = 1000;

/**
 * The offline default: hashed lexical features weighted like BM25, stored as pgvector
 * `sparsevec`. No network, no model weights, no fitting step, so a passage's vector
 * never changes when other documents come and go. Query vectors carry raw feature counts;
 * the store multiplies them by the corpus IDF (kb_terms), so `query · passage` is a BM25
 * score computed by pgvector's inner-product HNSW.
 *
 * Why this and not a neural model: measured on this repo's eval set (knowledge/eval/README.md)
 * it beats Postgres full-text ranking, which has no IDF, and fuses with it for a gain, while
 * the only open weights on npm (USE lite) were measured lower than lexical baselines.
 */
export class LocalSparseEmbedder implements Embedder {
  readonly id = "local-bm25-hash-v1";
  readonly kind = "sparse";
  readonly dimensions = FEATURE_SPACE;

  async embedDocuments(inputs: EmbedInput[]): Promise<SparseVector[]> {
    return inputs.map((input) => this.embedPassage(input));
  }

  async embedQuery(query: string): Promise<SparseVector> {
    return toSparse(featureCounts(query));
  }

  /** Synchronous core, for callers that embed many passages in a loop. */
  embedPassage(input: EmbedInput): SparseVector {
    const counts = featureCounts(input.text);
    let len = 0;
    for (const v of counts.values()) len += v;
    if (input.context) featureCounts(input.context, counts, CONTEXT_BOOST);
    const norm = K1 * (1 - B + (B * len) / AVG_LEN);
    const weighted = new Map<number, number>();
    for (const [k, tf] of counts) weighted.set(k, (tf * (K1 + 1)) / (tf + norm));
    return toSparse(weighted, MAX_NONZERO);
  }
}

/** Map to a sorted sparse vector, keeping the `limit` largest entries. */
export function toSparse(m: Map<number, number>, limit = MAX_NONZERO): SparseVector {
  let entries = [...m.entries()].filter(([, v]) => v !== 0);
  if (entries.length > limit) entries = entries.sort((a, b) => b[1] - a[1]).slice(0, limit);
  entries.sort((a, b) => a[0] - b[0]);
  return { indices: entries.map((e) => e[0]), values: entries.map((e) => e[1]) };
}
