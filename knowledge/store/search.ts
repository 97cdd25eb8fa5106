import type { PoolClient } from "pg";
import type { Db, Queryable } from "../../db/pool.ts";
import { withClient } from "../../db/pool.ts";
import { words } from "../embed/features.ts";
import { type Embedding, isSparse } from "../embed/types.ts";
import type { KbScope } from "./documents.ts";
import { toPgVector, type VectorIndex } from "./vectors.ts";

/** A chunk found by one retriever, with that retriever's raw score (higher is better). */
export interface ChunkHit {
  chunkId: string;
  document: string;
  title: string;
  heading: string;
  content: string;
  score: number;
  /** How many documents of the kb hold this exact passage (1 = only its own): repeated boilerplate says little about which document is meant. */
  shared?: number | undefined;
}

/** Who may see what, and which documents to search. */
export interface SearchFilter {
  /** Caller's labels; a document with no labels is visible to all, a labelled one to callers sharing a label. "all" skips the check (admin tools). */
  accessLabels: string[] | "all";
  documents?: string[] | undefined;
}

const FILTER_SQL = `c.tenant_id = $1 AND c.kb = $2
  AND ($3::text[] IS NULL OR cardinality(c.access_labels) = 0 OR c.access_labels && $3::text[])
  AND ($4::text[] IS NULL OR c.document_name = ANY($4::text[]))`;

function filterParams(scope: KbScope, f: SearchFilter): unknown[] {
  return [scope.tenantId, scope.kb, f.accessLabels === "all" ? null : f.accessLabels, f.documents?.length ? f.documents : null];
}

type HitRow = { id: string; document_name: string; title: string; heading: string; content: string; score: number; shared: number };
const toHit = (r: HitRow): ChunkHit => ({ chunkId: r.id, document: r.document_name, title: r.title, heading: r.heading, content: r.content, score: Number(r.score), shared: Number(r.shared) || 1 });

/** Wraps a ranked, limited hit query (`s`) to count, per hit only, the documents sharing its passage. */
const withShared = (inner: string) => `SELECT s.*, (SELECT count(DISTINCT d.document_id) FROM kb_chunks d WHERE d.tenant_id = $1 AND d.kb = $2 AND d.content_key = s.content_key)::int AS shared
  FROM (${inner}) s ORDER BY s.score DESC, s.id::bigint`;

/**
 * Full-text search with IDF. Postgres's `ts_rank` knows nothing of how common a word is,
 * so "package" in a question about "peer dependencies" weighs as much as "peer". Each
 * query word is therefore its own tsquery, counted through the GIN index for its
 * document frequency, and a chunk scores the sum of IDF × ts_rank over the words it
 * matches (any word may match: an AND of every word of a question finds nothing). Title
 * and heading matches (A = 1.0) count most, then body text (D = 0.5) and the summary
 * (B = 0.7); measured on knowledge/eval, a low body weight (0.1) lost 0.12 hit@5.
 */
export async function searchFullText(q: Queryable, scope: KbScope, query: string, f: SearchFilter, limit: number): Promise<ChunkHit[]> {
  const tokens = [...new Set(words(query).filter((w) => w.length > 1 || /\d/.test(w)))].slice(0, 32);
  if (tokens.length === 0) return [];
  // Document frequency of each query word (stop words parse to an empty query and drop out).
  const { rows: stats } = await q.query<{ tq: string; df: number; n: number }>(
    `SELECT tq::text AS tq,
            (SELECT count(*) FROM kb_chunks c WHERE c.tenant_id = $1 AND c.kb = $2 AND c.tsv @@ tq)::int AS df,
            (SELECT count(*) FROM kb_chunks c WHERE c.tenant_id = $1 AND c.kb = $2)::int AS n
     FROM (SELECT DISTINCT to_tsquery('english', w) AS tq FROM unnest($3::text[]) AS w) t WHERE numnode(tq) > 0`,
    [scope.tenantId, scope.kb, tokens],
  );
  const used = stats.filter((s) => s.df > 0);
  if (used.length === 0) return [];
  const idfs = used.map((s) => idf(s.df, s.n));
  const { rows } = await q.query<HitRow>(
    withShared(`SELECT c.id::text, c.document_name, c.title, c.heading, c.content, c.content_key,
            (SELECT sum(x.idf * ts_rank('{0.5, 0.2, 0.7, 1.0}', c.tsv, x.tq, 1)) FROM unnest($5::tsquery[], $6::float8[]) AS x(tq, idf) WHERE c.tsv @@ x.tq) AS score
     FROM kb_chunks c
     WHERE ${FILTER_SQL} AND c.tsv @@ $7::tsquery
     ORDER BY score DESC, c.id LIMIT $8`),
    [...filterParams(scope, f), used.map((s) => s.tq), idfs, used.map((s) => `(${s.tq})`).join(" | "), limit],
  );
  return rows.map(toHit);
}

/** BM25 IDF from document frequencies; a feature the corpus never saw carries no weight. */
function idf(df: number, n: number): number {
  return df > 0 ? Math.log(1 + (n - df + 0.5) / (df + 0.5)) : 0;
}

/**
 * Sparse queries are weighted by corpus IDF here (the embedder is corpus-free), which
 * turns pgvector's inner product into a BM25 score.
 */
async function weightQuery(q: Queryable, index: VectorIndex, e: Embedding): Promise<Embedding> {
  if (!isSparse(e) || e.indices.length === 0) return e;
  const { rows } = await q.query<{ term: number; df: number }>(`SELECT term, df FROM kb_terms WHERE index_id = $1 AND term = ANY($2::int[])`, [index.id, e.indices]);
  const df = new Map(rows.map((r) => [r.term, r.df]));
  const indices: number[] = [];
  const values: number[] = [];
  e.indices.forEach((t, k) => {
    const w = (e.values[k] ?? 0) * idf(df.get(t) ?? 0, index.vectorCount);
    if (w > 0) {
      indices.push(t);
      values.push(w);
    }
  });
  return { indices, values };
}

/**
 * Nearest chunks by the index's HNSW (cosine for dense vectors, inner product for sparse
 * BM25 vectors). Iterative scans keep filtered searches from coming back short.
 */
export async function searchVectors(db: Db, scope: KbScope, index: VectorIndex, query: Embedding, f: SearchFilter, limit: number): Promise<ChunkHit[]> {
  const weighted = await weightQuery(db.pool, index, query);
  if (isSparse(weighted) && weighted.indices.length === 0) return [];
  const op = index.kind === "sparse" ? "<#>" : "<=>";
  const score = index.kind === "sparse" ? `-(v.embedding <#> $5)` : `1 - (v.embedding <=> $5)`;
  const cast = index.kind === "sparse" ? "sparsevec" : index.dimensions <= 2000 ? "vector" : "halfvec";
  return withClient(db, async (client) => {
    await tuneHnsw(client);
    const { rows } = await client.query<HitRow>(
      withShared(`SELECT c.id::text, c.document_name, c.title, c.heading, c.content, c.content_key, ${score} AS score
         FROM ${index.table} v JOIN kb_chunks c ON c.id = v.chunk_id
         WHERE ${FILTER_SQL}
         ORDER BY v.embedding ${op} $5::${cast} LIMIT $6`),
      [...filterParams(scope, f), toPgVector(weighted, index.dimensions), limit],
    );
    // A sparse passage sharing no feature with the query scores 0: it is not a match at all.
    return rows.map(toHit).filter((h) => index.kind !== "sparse" || h.score > 0);
  });
}

/** Connections already tuned for HNSW search (session settings outlive a checkout). */
const tuned = new WeakSet<object>();

/**
 * Session settings for HNSW, once per pooled connection (one round trip, not a
 * transaction per query): a candidate list of 40 (recall@10 0.995 at 100k chunks, see
 * bench/knowledge.ts), and iterative scans, so asking for 50 candidates or filtering by
 * label or document keeps scanning the graph instead of returning short. They only
 * affect HNSW index scans, so sharing the connection with other code is harmless.
 */
async function tuneHnsw(client: PoolClient): Promise<void> {
  if (tuned.has(client)) return;
  await client.query("SET hnsw.ef_search = 40; SET hnsw.iterative_scan = relaxed_order");
  tuned.add(client);
}
