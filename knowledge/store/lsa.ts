/**
 * The corpus-fitted LSA retriever's storage: one model per knowledge base (kb_lsa_models),
 * its projection per term (kb_lsa_terms) and its chunk vectors in `kb_lsa_vec_<id>`
 * (pgvector `vector(k)`, HNSW cosine). Everything search needs is in the database, so a
 * new process searches with the stored projection and never refits.
 *
 * Life cycle (`syncLsa`, run at the end of every ingest and delete):
 * - no model yet, a model of another version, or the corpus drifted by more than
 *   REFIT_DRIFT since the fit (chunks added, changed or removed, over chunks at fit) →
 *   refit on every distinct passage and re-embed every chunk, then swap models atomically;
 * - otherwise new chunks are folded in with the stored projection (cheap, and their words
 *   that the model never saw simply do not count until the next refit).
 */
import { withTransaction, type Db, type Queryable } from "../../db/pool.ts";
import { fitLsa, foldIn, LSA_DEFAULTS, LSA_VERSION, termCounts, type LsaOptions } from "../lsa/model.ts";
import type { KbScope } from "./documents.ts";
import { searchVectors, type ChunkHit, type SearchFilter } from "./search.ts";
import type { VectorIndex } from "./vectors.ts";

/**
 * Cosine below which an LSA neighbour is not a match: every passage has some similarity in
 * a dense space, and citing unrelated documents is worse than citing fewer. 0.2 loses no
 * candidate on knowledge/eval (its top-50 neighbours are all above it); 0.3 lost MRR.
 */
export const LSA_MIN_COSINE = 0.2;

/** Share of the corpus changed since the fit beyond which the model is refitted. */
export const REFIT_DRIFT = 0.2;

export interface LsaModelRow {
  id: string;
  version: string;
  dimensions: number;
  table: string;
  fittedOn: number;
  chunksAtFit: number;
  folded: number;
}

/** What `syncLsa` did. */
export interface LsaSync {
  action: "fitted" | "folded" | "unchanged" | "none";
  /** Chunks embedded by this sync. */
  chunks: number;
  dimensions: number;
  ms: number;
}

type ModelRow = { id: string; version: string; dimensions: number; table_name: string; fitted_on: number; chunks_at_fit: number; folded: number };

/** The knowledge base's current model (the newest, should a concurrent refit have left two). */
export async function currentLsaModel(q: Queryable, scope: KbScope): Promise<LsaModelRow | undefined> {
  const { rows } = await q.query<ModelRow>(
    `SELECT id::text, version, dimensions, table_name, fitted_on, chunks_at_fit, folded FROM kb_lsa_models
     WHERE tenant_id = $1 AND kb = $2 AND table_name <> '' ORDER BY id DESC LIMIT 1`,
    [scope.tenantId, scope.kb],
  );
  const r = rows[0];
  return r && { id: r.id, version: r.version, dimensions: r.dimensions, table: r.table_name, fittedOn: r.fitted_on, chunksAtFit: r.chunks_at_fit, folded: r.folded };
}

/** The model identity: code version and requested dimensions. */
export function lsaVersion(o: LsaOptions): string {
  return `${LSA_VERSION}(k=${o.dimensions},ctx=${o.contextBoost})`;
}

type ChunkRow = { id: string; content_key: string; title: string; summary: string; heading: string; content: string };
const text = (r: ChunkRow) => ({ text: r.content, context: [r.title, r.summary, r.heading].filter(Boolean).join("\n") });

/** Bring the kb's LSA model and chunk vectors up to date (see the module comment). */
export async function syncLsa(db: Db, scope: KbScope, opts: Partial<LsaOptions> = {}): Promise<LsaSync> {
  const t0 = performance.now();
  const o = { ...LSA_DEFAULTS, ...opts };
  const model = await currentLsaModel(db.pool, scope);
  const { rows: c } = await db.pool.query<{ total: number; present: number }>(
    `SELECT count(*)::int AS total, ${model ? `count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ${model.table} v WHERE v.chunk_id = c.id))::int` : "0"} AS present
     FROM kb_chunks c WHERE c.tenant_id = $1 AND c.kb = $2`,
    [scope.tenantId, scope.kb],
  );
  const total = c[0]?.total ?? 0;
  const present = c[0]?.present ?? 0;
  const done = (action: LsaSync["action"], chunks: number, dimensions: number): LsaSync => ({ action, chunks, dimensions, ms: Math.round(performance.now() - t0) });
  if (total === 0) {
    await dropModels(db.pool, scope, undefined);
    return done("none", 0, 0);
  }
  if (model && model.version === lsaVersion(o)) {
    const pending = total - present;
    const removed = Math.max(0, model.chunksAtFit + model.folded - present);
    const drift = (model.folded + pending + removed) / Math.max(1, model.chunksAtFit);
    if (drift <= REFIT_DRIFT) {
      if (pending === 0) return done("unchanged", 0, model.dimensions);
      // Same version = same options, so the stored projection was fitted with this context boost.
      const n = await foldPending(db.pool, scope, model, o.contextBoost);
      return done("folded", n, model.dimensions);
    }
  }
  const fitted = await refit(db, scope, o);
  return fitted ? done("fitted", fitted.chunks, fitted.dimensions) : done("none", 0, 0);
}

/** Fit a new model on the distinct passages, embed every chunk, then replace the old model in one transaction. */
async function refit(db: Db, scope: KbScope, o: LsaOptions): Promise<{ chunks: number; dimensions: number } | undefined> {
  const { rows } = await db.pool.query<ChunkRow>(
    `SELECT id::text, content_key, title, summary, heading, content FROM kb_chunks WHERE tenant_id = $1 AND kb = $2 ORDER BY id`,
    [scope.tenantId, scope.kb],
  );
  // One row per distinct passage (the first chunk holding it), so repeated boilerplate is fitted once.
  const firstByKey = new Map<string, ChunkRow>();
  for (const r of rows) if (!firstByKey.has(r.content_key)) firstByKey.set(r.content_key, r);
  const distinct = [...firstByKey.values()];
  const model = fitLsa(distinct.map(text), o);
  if (model.dimensions === 0) {
    await dropModels(db.pool, scope, undefined);
    return undefined;
  }
  const k = model.dimensions;
  return withTransaction(db, async (q) => {
    const { rows: ins } = await q.query<{ id: string }>(
      `INSERT INTO kb_lsa_models (tenant_id, kb, version, dimensions, fitted_on, chunks_at_fit) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
      [scope.tenantId, scope.kb, lsaVersion(o), k, model.fittedOn, rows.length],
    );
    const id = ins[0]?.id as string;
    const table = `kb_lsa_vec_${id}`;
    await q.query(`CREATE TABLE ${table} (chunk_id bigint PRIMARY KEY REFERENCES kb_chunks (id) ON DELETE CASCADE, embedding vector(${k}))`);
    const entries = [...model.terms.entries()];
    for (let i = 0; i < entries.length; i += 2000) {
      const part = entries.slice(i, i + 2000);
      await q.query(`INSERT INTO kb_lsa_terms (model_id, term, idf, vector) SELECT $1, t, f, v::real[] FROM unnest($2::text[], $3::real[], $4::text[]) AS x(t, f, v)`, [
        id,
        part.map(([t]) => t),
        part.map(([, e]) => e.idf),
        part.map(([, e]) => `{${Array.from(e.vector).join(",")}}`),
      ]);
    }
    const lookup = (t: string) => model.terms.get(t);
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      await insertVectors(q, table, part.map((r) => r.id), part.map((r) => foldIn(termCounts(text(r), o.contextBoost), lookup, k)));
    }
    // Built after the bulk load: much faster than maintaining HNSW row by row.
    await q.query(`CREATE INDEX ${table}_hnsw ON ${table} USING hnsw (embedding vector_cosine_ops)`);
    await q.query(`UPDATE kb_lsa_models SET table_name = $2 WHERE id = $1`, [id, table]);
    await dropModels(q, scope, id);
    return { chunks: rows.length, dimensions: k };
  });
}

/** Embed chunks that have no vector yet with the stored projection (only their terms' rows are read). */
async function foldPending(q: Queryable, scope: KbScope, model: LsaModelRow, contextBoost: number): Promise<number> {
  const { rows } = await q.query<ChunkRow>(
    `SELECT c.id::text, c.content_key, c.title, c.summary, c.heading, c.content FROM kb_chunks c
     WHERE c.tenant_id = $1 AND c.kb = $2 AND NOT EXISTS (SELECT 1 FROM ${model.table} v WHERE v.chunk_id = c.id) ORDER BY c.id`,
    [scope.tenantId, scope.kb],
  );
  const counts = rows.map((r) => termCounts(text(r), contextBoost));
  const lookup = await loadTerms(q, model.id, [...new Set(counts.flatMap((m) => [...m.keys()]))]);
  await insertVectors(q, model.table, rows.map((r) => r.id), counts.map((m) => foldIn(m, (t) => lookup.get(t), model.dimensions)));
  await q.query(`UPDATE kb_lsa_models SET folded = folded + $2 WHERE id = $1`, [model.id, rows.length]);
  return rows.length;
}

/** Projection rows of the given terms (terms the model never saw are absent). */
export async function loadTerms(q: Queryable, modelId: string, terms: string[]): Promise<Map<string, { idf: number; vector: Float32Array }>> {
  if (terms.length === 0) return new Map();
  const { rows } = await q.query<{ term: string; idf: number; vector: number[] }>(`SELECT term, idf, vector FROM kb_lsa_terms WHERE model_id = $1 AND term = ANY($2::text[])`, [modelId, terms]);
  return new Map(rows.map((r) => [r.term, { idf: Number(r.idf), vector: Float32Array.from(r.vector.map(Number)) }]));
}

/** Chunk vectors; a chunk with no known term gets NULL (HNSW skips it) so it is not folded again. */
async function insertVectors(q: Queryable, table: string, ids: string[], vectors: (number[] | undefined)[]): Promise<void> {
  if (ids.length === 0) return;
  await q.query(`INSERT INTO ${table} (chunk_id, embedding) SELECT id, e::vector FROM unnest($1::bigint[], $2::text[]) AS x(id, e) ON CONFLICT (chunk_id) DO NOTHING`, [
    ids,
    vectors.map((v) => (v ? `[${v.join(",")}]` : null)),
  ]);
}

/** Drop every model of the kb except `keep` (their vector tables too). */
async function dropModels(q: Queryable, scope: KbScope, keep: string | undefined): Promise<void> {
  const { rows } = await q.query<{ id: string; table_name: string }>(
    `SELECT id::text, table_name FROM kb_lsa_models WHERE tenant_id = $1 AND kb = $2 AND ($3::bigint IS NULL OR id <> $3::bigint)`,
    [scope.tenantId, scope.kb, keep ?? null],
  );
  for (const r of rows) {
    if (r.table_name) await q.query(`DROP TABLE IF EXISTS ${r.table_name}`);
    await q.query(`DELETE FROM kb_lsa_models WHERE id = $1`, [r.id]);
  }
}

/**
 * Nearest chunks to the query folded into the model's space (HNSW cosine), at least
 * LSA_MIN_COSINE similar. Empty when the kb has no model yet or the query has no word the
 * model knows.
 */
export async function searchLsa(db: Db, scope: KbScope, query: string, f: SearchFilter, limit: number): Promise<ChunkHit[]> {
  const model = await currentLsaModel(db.pool, scope);
  if (!model) return [];
  const counts = termCounts({ text: query });
  const lookup = await loadTerms(db.pool, model.id, [...counts.keys()]);
  const v = foldIn(counts, (t) => lookup.get(t), model.dimensions);
  if (!v) return [];
  const index: VectorIndex = { id: model.id, embedderId: model.version, kind: "dense", dimensions: model.dimensions, table: model.table, vectorCount: 0 };
  return (await searchVectors(db, scope, index, v, f, limit)).filter((h) => h.score >= LSA_MIN_COSINE);
}
