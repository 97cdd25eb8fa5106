/**
 * Search: what agents, routes and the CLI call. The fused ranking (the default) and the
 * single-signal modes "vector" (the local embedder's BM25) and "lsa" run in memory on this
 * process's copy of the kb (knowledge/store/kb-cache.ts, rebuilt only when the kb's
 * generation changed); "fts" (Postgres full text) and a dense embedder's vectors run in the
 * database. Citations read their text from the database, so a passage replaced since the
 * copy was built is never cited.
 */
import type { Db } from "../db/pool.ts";
import { isAppError } from "../core/errors.ts";
import type { Embedder } from "./embed/types.ts";
import { documentScores } from "./fuse.ts";
import type { ChunkFilter } from "./rank/features.ts";
import type { KbIndex } from "./rank/kb-index.ts";
import { BM25_ONLY, LSA_ONLY, rankDocuments } from "./rank/rank.ts";
import type { KbScope } from "./store/documents.ts";
import { loadKb, peekKb } from "./store/kb-cache.ts";
import { searchFullText, searchVectors, type ChunkHit, type SearchFilter } from "./store/search.ts";
import { findIndex } from "./store/vectors.ts";
import type { Citation, SearchMode } from "./types.ts";

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
  /** Told when a dense embedder's server failed and fused search went on without it. */
  onDegraded?: ((reason: string) => void) | undefined;
}

/** A ranked document with its best passages (chunk ids, best first). */
export interface RankedDocument {
  document: string;
  score: number;
  chunks: { chunkId: string; title: string; heading: string; score: number }[];
}

/** Candidates the database retrievers return: enough for document aggregation. */
const CANDIDATES = 50;
const SNIPPET_CHARS = 280;
const MAX_PER_DOCUMENT = 2;
/**
 * Share of a dense embedder's document score in the fused ranking (its index is in
 * pgvector, so the fit on pseudo-queries cannot see it): as LSA's share in the fusion this
 * ranking replaced. Not measured: the evals run offline, without a dense model.
 */
const DENSE_SHARE = 0.3;

/** Documents ranked for a query, each with its best passages. */
export async function searchDocuments(db: Db, embedder: Embedder, opts: SearchOptions): Promise<RankedDocument[]> {
  return (await rankFor(db, embedder, opts, false)).docs;
}

/**
 * The ranking, and the kb generation it was computed on when it ran in memory. With
 * `trustCache`, this process's copy is used without asking the database first: the caller
 * checks the generation in the query it makes anyway (searchKnowledge's snippets).
 */
async function rankFor(db: Db, embedder: Embedder, opts: SearchOptions, trustCache: boolean): Promise<{ docs: RankedDocument[]; generation?: number | undefined }> {
  const scope: KbScope = { tenantId: opts.tenantId, kb: opts.kb ?? "default" };
  const filter: SearchFilter = { accessLabels: opts.accessLabels, documents: opts.documents };
  const mode = opts.mode ?? "fused";
  const limit = Math.max(10, opts.k ?? 0);
  if (mode === "fts") return { docs: fromHits(await searchFullText(db.pool, scope, opts.query, filter, CANDIDATES), limit) };
  const dense = embedder.kind === "dense" ? await findIndex(db.pool, scope, embedder) : undefined;
  if (mode === "vector" && dense) return { docs: fromHits(await searchVectors(db, scope, dense, await embedder.embedQuery(opts.query), filter, CANDIDATES), limit) };
  const kb = (trustCache && !dense ? peekKb(db, scope) : undefined) ?? (await loadKb(db, scope));
  if (!kb) return { docs: [] };
  const weights = mode === "vector" ? BM25_ONLY : mode === "lsa" ? LSA_ONLY : kb.weights;
  const ranked = rankDocuments(kb.index, opts.query, weights, { filter: chunkFilter(kb.index, filter), limit: dense ? CANDIDATES : limit, chunksPerDoc: MAX_PER_DOCUMENT });
  const docs = ranked.map((d) => ({
    document: d.document,
    score: d.score,
    chunks: d.chunks.map((i) => {
      const c = kb.index.chunks[i];
      return { chunkId: c?.id ?? "", title: c?.title ?? "", heading: c?.heading ?? "", score: d.score };
    }),
  }));
  if (!dense) return { docs, generation: kb.generation };
  const fused = await withDense(db, scope, embedder, dense, opts, filter, docs, Object.values(kb.weights).reduce((a, b) => a + b, 0));
  return { docs: fused.slice(0, limit) };
}

/** Fused ranking plus a dense embedder's document scores (see DENSE_SHARE); without them if its server fails. */
async function withDense(db: Db, scope: KbScope, embedder: Embedder, dense: NonNullable<Awaited<ReturnType<typeof findIndex>>>, opts: SearchOptions, filter: SearchFilter, docs: RankedDocument[], weightSum: number): Promise<RankedDocument[]> {
  let hits: ChunkHit[];
  try {
    hits = await searchVectors(db, scope, dense, await embedder.embedQuery(opts.query), filter, CANDIDATES);
  } catch (err) {
    // An unreachable embeddings server must not take the agents' citations down.
    if (isAppError(err) && err.code === "LLM_FAILED") {
      opts.onDegraded?.(err.message);
      return docs;
    }
    throw err;
  }
  const scores = documentScores(hits);
  const byName = new Map(docs.map((d) => [d.document, d]));
  for (const h of hits) if (!byName.has(h.document)) byName.set(h.document, { document: h.document, score: 0, chunks: [{ chunkId: h.chunkId, title: h.title, heading: h.heading, score: h.score }] });
  return [...byName.values()]
    .map((d) => ({ ...d, score: d.score + DENSE_SHARE * weightSum * (scores.get(d.document) ?? 0) }))
    .sort((a, b) => b.score - a.score || (a.document < b.document ? -1 : 1));
}

/** A database retriever's chunks as ranked documents (best chunk + a little of the second). */
function fromHits(hits: ChunkHit[], limit: number): RankedDocument[] {
  const scores = documentScores(hits);
  const chunks = new Map<string, RankedDocument["chunks"]>();
  for (const h of hits) {
    const list = chunks.get(h.document) ?? [];
    if (list.length < MAX_PER_DOCUMENT) list.push({ chunkId: h.chunkId, title: h.title, heading: h.heading, score: h.score });
    chunks.set(h.document, list);
  }
  return [...scores]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([document, score]) => ({ document, score, chunks: chunks.get(document) ?? [] }));
}

/** Which chunks this caller may see (labels) and asked for (documents); undefined = all. */
function chunkFilter(ix: KbIndex, f: SearchFilter): ChunkFilter {
  const docs = f.documents?.length ? new Set(f.documents) : undefined;
  const labels = f.accessLabels === "all" || !ix.labelled ? undefined : new Set(f.accessLabels);
  if (!docs && !labels) return undefined;
  return (i) => {
    const c = ix.chunks[i];
    if (!c) return false;
    if (docs && !docs.has(c.document)) return false;
    // A document with no labels is visible to all; a labelled one to callers sharing a label.
    return !labels || c.labels.length === 0 || c.labels.some((l) => labels.has(l));
  };
}

/**
 * The passages an agent should cite: the best passages of the best documents, at most two
 * per document and `k` (default 5) in all, each with a snippet read from the database.
 */
export async function searchKnowledge(db: Db, embedder: Embedder, opts: SearchOptions): Promise<Citation[]> {
  const scope = { tenantId: opts.tenantId, kb: opts.kb ?? "default" };
  // One round trip in the usual case: rank on this process's copy, then read the cited
  // passages together with the kb's generation; a copy found stale is reloaded and the
  // query ranked again (the second pass checks the generation first).
  for (let pass = 0; ; pass++) {
    const { docs, generation } = await rankFor(db, embedder, opts, pass === 0);
    const picked = docs.flatMap((d) => d.chunks.map((c) => ({ ...c, document: d.document, score: d.score }))).slice(0, opts.k ?? 5);
    const { rows } = await db.pool.query<{ id: string | null; content: string | null; g: string | null }>(
      `SELECT id::text, content, NULL::text AS g FROM kb_chunks WHERE id = ANY($1::bigint[])
       UNION ALL SELECT NULL, NULL, generation::text FROM kb_models WHERE tenant_id = $2 AND kb = $3`,
      [picked.map((c) => c.chunkId), scope.tenantId, scope.kb],
    );
    const current = rows.find((r) => r.g !== null)?.g;
    if (pass === 0 && generation !== undefined && (current === undefined || Number(current) !== generation)) continue;
    const text = new Map(rows.filter((r) => r.id !== null).map((r) => [r.id as string, r.content ?? ""]));
    // A chunk replaced by a re-ingest since the copy was built is not cited.
    return picked
      .filter((c) => text.has(c.chunkId))
      .map((c) => ({
        chunkId: c.chunkId,
        document: c.document,
        title: c.title,
        heading: c.heading || undefined,
        score: Math.round(c.score * 1e4) / 1e4,
        snippet: snippet(text.get(c.chunkId) ?? "", opts.query),
      }));
  }
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
