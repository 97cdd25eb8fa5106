import type { Citation } from "./types.ts";
import type { Db } from "../db/pool.ts";
import { isAppError } from "../core/errors.ts";
import type { Embedder, Embedding } from "./embed/types.ts";
import { DEFAULT_WEIGHTS, type FusedChunk, type FusionWeights, fuseChunks, fuseDocuments, type RankedDocument } from "./fuse.ts";
import { searchLsa } from "./store/lsa.ts";
import { searchFullText, searchVectors, type ChunkHit } from "./store/search.ts";
import { findIndex } from "./store/vectors.ts";
import type { SearchMode } from "./types.ts";

/** What an agent (or the CLI) asks the knowledge base. */
export interface SearchOptions {
  tenantId: string;
  /** Knowledge-base name; "default" when omitted. */
  kb?: string | undefined;
  query: string;
  /** Citations to return. */
  k?: number | undefined;
  /** The caller's access labels (see SearchFilter); "all" only for admin tools. */
  accessLabels: string[] | "all";
  /** Restrict to these document names. */
  documents?: string[] | undefined;
  mode?: SearchMode | undefined;
  weights?: FusionWeights | undefined;
  /** Told when fused search fell back to full text only (the embeddings server failed). */
  onDegraded?: ((reason: string) => void) | undefined;
}

/** Candidates each retriever returns before fusion: enough for document aggregation. */
const CANDIDATES = 50;
const SNIPPET_CHARS = 280;
const MAX_PER_DOCUMENT = 2;

/** The weights a single-retriever mode uses: that retriever alone, on its own scale (best hit = 1). */
const SOLO: Record<Exclude<SearchMode, "fused">, FusionWeights> = {
  fts: { fts: 1, vector: 0, lsa: 0 },
  vector: { fts: 0, vector: 1, lsa: 0 },
  lsa: { fts: 0, vector: 0, lsa: 1 },
};

/**
 * Run the retrievers the mode asks for and fuse them. The vector side is skipped when the
 * kb has no index for this embedder yet (e.g. right after a model switch, before ingest
 * re-embeds), the LSA side when no model was fitted yet: full text alone still answers.
 */
export async function retrieve(db: Db, embedder: Embedder, opts: SearchOptions): Promise<{ chunks: FusedChunk[]; documents: RankedDocument[] }> {
  const scope = { tenantId: opts.tenantId, kb: opts.kb ?? "default" };
  const filter = { accessLabels: opts.accessLabels, documents: opts.documents };
  const mode = opts.mode ?? "fused";
  const limit = Math.max(CANDIDATES, opts.k ?? 0);
  const ftsP: Promise<ChunkHit[]> = mode !== "fused" && mode !== "fts" ? Promise.resolve([]) : searchFullText(db.pool, scope, opts.query, filter, limit);
  const vecP: Promise<ChunkHit[]> =
    mode !== "fused" && mode !== "vector"
      ? Promise.resolve([])
      : (async () => {
          const index = await findIndex(db.pool, scope, embedder);
          if (!index) return [];
          let query: Embedding;
          try {
            query = await embedder.embedQuery(opts.query);
          } catch (err) {
            // An unreachable embeddings server must not take the agents' citations down:
            // fused search degrades to full text; an explicit vector-only search still fails.
            if (mode === "fused" && isAppError(err) && err.code === "LLM_FAILED") {
              opts.onDegraded?.(err.message);
              return [];
            }
            throw err;
          }
          return searchVectors(db, scope, index, query, filter, limit);
        })();
  const lsaP: Promise<ChunkHit[]> = mode === "fused" || mode === "lsa" ? searchLsa(db, scope, opts.query, filter, limit) : Promise.resolve([]);
  const [fts, vector, lsa] = await Promise.all([ftsP, vecP, lsaP]);
  const weights = mode === "fused" ? (opts.weights ?? DEFAULT_WEIGHTS) : SOLO[mode];
  const lists = { fts, vector, lsa };
  return { chunks: fuseChunks(lists, weights), documents: fuseDocuments(lists, weights) };
}

/** Documents ranked for a query (what the eval scores). */
export async function searchDocuments(db: Db, embedder: Embedder, opts: SearchOptions): Promise<RankedDocument[]> {
  return (await retrieve(db, embedder, opts)).documents;
}

/**
 * The passages an agent should cite: chunks ordered by their document's rank and then
 * their own score, at most two per document and `k` (default 5) in all, each with a snippet.
 */
export async function searchKnowledge(db: Db, embedder: Embedder, opts: SearchOptions): Promise<Citation[]> {
  const { chunks, documents } = await retrieve(db, embedder, opts);
  const docRank = new Map(documents.map((d, i) => [d.document, i]));
  const ordered = [...chunks].sort((a, b) => (docRank.get(a.document) ?? 0) - (docRank.get(b.document) ?? 0) || b.score - a.score);
  // At most MAX_PER_DOCUMENT passages per document, so k citations cover more than one source.
  const perDoc = new Map<string, number>();
  const picked = ordered.filter((c) => {
    const n = (perDoc.get(c.document) ?? 0) + 1;
    perDoc.set(c.document, n);
    return n <= MAX_PER_DOCUMENT;
  });
  return picked.slice(0, opts.k ?? 5).map((c) => ({
    chunkId: c.chunkId,
    document: c.document,
    title: c.title,
    heading: c.heading || undefined,
    score: Math.round(c.score * 1e4) / 1e4,
    snippet: snippet(c.content, opts.query),
  }));
}

/** A window of the passage around the first query word it contains. */
export function snippet(content: string, query: string, max = SNIPPET_CHARS): string {
  const flat = content.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const lower = flat.toLowerCase();
  const hits = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 3)
    .map((w) => lower.indexOf(w))
    .filter((i) => i >= 0);
  const at = hits.length ? Math.min(...hits) : 0;
  const start = Math.max(0, Math.min(at - Math.floor(max / 4), flat.length - max));
  return `${start > 0 ? "…" : ""}${flat.slice(start, start + max).trim()}${start + max < flat.length ? "…" : ""}`;
}
