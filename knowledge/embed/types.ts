/** A sparse vector: sorted, distinct 0-based indices with their values. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

/** What an embedder returns: dense numbers or a sparse vector. */
export type Embedding = number[] | SparseVector;

/** A text to embed; `context` (title and heading path) is the part that says what the text is about. */
export interface EmbedInput {
  text: string;
  context?: string;
}

/**
 * One interface for every embedding model. `id` and `dimensions` are the index's identity:
 * vectors from different ids or dimensions never share an index, so switching models
 * re-embeds. `kind` decides the column type (pgvector `vector`/`halfvec` or `sparsevec`).
 */
export interface Embedder {
  readonly id: string;
  readonly kind: "dense" | "sparse";
  readonly dimensions: number;
  /** Embed passages for storage. */
  embedDocuments(inputs: EmbedInput[]): Promise<Embedding[]>;
  /** Embed a search query (may differ from passages, e.g. no length saturation). */
  embedQuery(query: string): Promise<Embedding>;
}

export function isSparse(e: Embedding): e is SparseVector {
  return !Array.isArray(e);
}
