/** Shapes shared by ingestion, storage and retrieval. */

/** A file format the knowledge base can read. */
export type DocFormat = "markdown" | "text" | "html" | "pdf";

/** A heading-delimited part of a document, before size limits are applied. */
export interface Section {
  /** Headings from the top of the document down to this section, e.g. ["Install", "Proxies"]. */
  headingPath: string[];
  text: string;
}

/** A parsed document: what the chunker needs. */
export interface ParsedDoc {
  title: string;
  /** The document's own one-line summary (front matter `description`), when it has one. */
  summary?: string | undefined;
  sections: Section[];
}

/** One retrievable passage with its context. */
export interface ChunkDraft {
  ordinal: number;
  headingPath: string[];
  /** `headingPath` joined with " > ", what a citation shows. */
  heading: string;
  content: string;
  words: number;
}

/** Size limits for chunking, in words (the unit people and the measurements use). */
export interface ChunkLimits {
  /** A section longer than this is split. */
  maxWords: number;
  /** Words repeated from the end of one piece at the start of the next, so no sentence is cut off from its context. */
  overlapWords: number;
}

export const DEFAULT_LIMITS: ChunkLimits = { maxWords: 200, overlapWords: 40 };

/** Retrieval strategy: full-text only, the embedder's vectors only, the corpus-fitted LSA vectors only, or all fused (the default). */
export type SearchMode = "fts" | "vector" | "lsa" | "fused";

/**
 * A passage returned to cite (agents keep it in their decision record). Defined here, not by
 * the agents: retrieval knows no agent (layers import downward only).
 */
export interface Citation {
  chunkId: string;
  document: string;
  title?: string | undefined;
  heading?: string | undefined;
  score: number;
  snippet: string;
}
