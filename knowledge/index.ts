/**
 * The knowledge base's public API: what agents, routes and the CLI call.
 *
 * - `ingestPath(db, path, opts)`: read Markdown / text / HTML, chunk by headings, embed.
 * - `searchKnowledge(db, opts)`: the kb's own fitted ranking (BM25 fields, LSA, coverage,
 *   fitted on pseudo-queries at ingest: knowledge/rank/, knowledge/store/model.ts), in memory,
 *   returned as citations.
 * - `deleteKnowledgeDocuments(db, scope, names)`: forget removed documents.
 *
 * The embedder defaults to the configured one (OpenAI-compatible when configured, the
 * offline local one otherwise); pass `embedder` to override.
 */
import type { Citation } from "./types.ts";
import { config } from "../config/index.ts";
import type { Db } from "../db/pool.ts";
import { embedderFromConfig } from "./embed/select.ts";
import type { Embedder } from "./embed/types.ts";
import { ingestPath as ingest, type IngestOptions, type IngestReport } from "./ingest/ingest.ts";
import { searchDocuments as rankDocs, searchKnowledge as search, type RankedDocument, type SearchOptions } from "./search.ts";

export { KNOWLEDGE_MIGRATIONS } from "./migrations.ts";
export { deleteKnowledgeDocuments } from "./ingest/ingest.ts";
export type { IngestOptions, IngestReport } from "./ingest/ingest.ts";
export type { RankedDocument, SearchOptions } from "./search.ts";
export type { Embedder, EmbedInput, Embedding, SparseVector } from "./embed/types.ts";
export { LocalSparseEmbedder } from "./embed/local.ts";
export { OpenAiEmbedder } from "./embed/openai.ts";
export { embedderFromConfig } from "./embed/select.ts";
export { resolveCitations, type ResolvedCitation } from "./store/citations.ts";
export { kbStats, type KbStats } from "./store/stats.ts";

let cachedDefault: Embedder | undefined;
function defaultEmbedder(): Embedder {
  cachedDefault ??= embedderFromConfig(config());
  return cachedDefault;
}

/** Ingest a file or folder; see IngestOptions. `embedder` defaults to the configured one. */
export async function ingestPath(db: Db, path: string, opts: Omit<IngestOptions, "embedder"> & { embedder?: Embedder }): Promise<IngestReport> {
  return ingest(db, path, { ...opts, embedder: opts.embedder ?? defaultEmbedder() });
}

/** Passages for a query, as citations (chunk id, document, title, heading, score, snippet). */
export async function searchKnowledge(db: Db, opts: SearchOptions & { embedder?: Embedder }): Promise<Citation[]> {
  return search(db, opts.embedder ?? defaultEmbedder(), opts);
}

/** Documents ranked for a query (document-level aggregation, as the eval scores them). */
export async function searchDocuments(db: Db, opts: SearchOptions & { embedder?: Embedder }): Promise<RankedDocument[]> {
  return rankDocs(db, opts.embedder ?? defaultEmbedder(), opts);
}
