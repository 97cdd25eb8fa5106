import type { EmbedInput, Embedder, SparseVector } from "./types.ts";
import { FEATURE_SPACE, featureCounts } from "./features.ts";

/** Weighting knobs; the defaults are the measured ones (knowledge/eval/README.md). */
export interface LocalEmbedderOptions {
  /** BM25 term-frequency saturation. */
  k1: number;
  /** BM25 length normalisation. */
  b: number;
  /** Typical passage length in features; fixed so a vector never depends on other documents. */
  avgLen: number;
  /** Title, summary and heading words count this many times: they say what the passage is about. */
  contextBoost: number;
}

export const LOCAL_DEFAULTS: LocalEmbedderOptions = { k1: 1.2, b: 0.75, avgLen: 120, contextBoost: 2 };
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
// Bump the version in the id whenever features or weights change: the id is the index
// identity, so existing knowledge bases then re-embed instead of mixing old and new vectors.
export class LocalSparseEmbedder implements Embedder {
  readonly id: string;
  readonly kind = "sparse";
  readonly dimensions = FEATURE_SPACE;
  private readonly o: LocalEmbedderOptions;

  constructor(options: Partial<LocalEmbedderOptions> = {}) {
    this.o = { ...LOCAL_DEFAULTS, ...options };
    const o = this.o;
    const d = LOCAL_DEFAULTS;
    // Other knobs make other vectors: they are part of the index identity.
    const custom = o.k1 !== d.k1 || o.b !== d.b || o.avgLen !== d.avgLen || o.contextBoost !== d.contextBoost;
    this.id = custom ? `local-bm25-hash-v3(k1=${o.k1},b=${o.b},len=${o.avgLen},ctx=${o.contextBoost})` : "local-bm25-hash-v3";
  }

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
    const { k1, b, avgLen, contextBoost } = this.o;
    if (input.context) featureCounts(input.context, counts, contextBoost);
    const norm = k1 * (1 - b + (b * len) / avgLen);
    const weighted = new Map<number, number>();
    for (const [k, tf] of counts) weighted.set(k, (tf * (k1 + 1)) / (tf + norm));
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
