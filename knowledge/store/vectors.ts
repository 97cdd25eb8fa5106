import type { Db, Queryable } from "../../db/pool.ts";
import { withTransaction } from "../../db/pool.ts";
import { AppError } from "../../core/errors.ts";
import { type Embedder, type Embedding, isSparse } from "../embed/types.ts";
import type { KbScope } from "./documents.ts";

/** One vector index: the identity (embedder id + dimension) and the table holding its vectors. */
export interface VectorIndex {
  id: string;
  embedderId: string;
  kind: "dense" | "sparse";
  dimensions: number;
  table: string;
  vectorCount: number;
}

/** pgvector's HNSW limits: `vector` up to 2000 dimensions, `halfvec` up to 4000. */
function columnType(kind: "dense" | "sparse", dims: number): { type: string; ops: string | undefined } {
  if (kind === "sparse") return { type: `sparsevec(${dims})`, ops: "sparsevec_ip_ops" };
  if (dims <= 2000) return { type: `vector(${dims})`, ops: "vector_cosine_ops" };
  if (dims <= 4000) return { type: `halfvec(${dims})`, ops: "halfvec_cosine_ops" };
  return { type: `vector(${dims})`, ops: undefined };
}

type IndexRow = { id: string; embedder_id: string; kind: "dense" | "sparse"; dimensions: number; table_name: string; vector_count: number };
const toIndex = (r: IndexRow): VectorIndex => ({
  id: r.id,
  embedderId: r.embedder_id,
  kind: r.kind,
  dimensions: r.dimensions,
  table: r.table_name,
  vectorCount: r.vector_count,
});

/** The index for this embedder's identity, if it was built. */
export async function findIndex(q: Queryable, scope: KbScope, embedder: Pick<Embedder, "id" | "dimensions">): Promise<VectorIndex | undefined> {
  const { rows } = await q.query<IndexRow>(
    `SELECT id::text, embedder_id, kind, dimensions, table_name, vector_count FROM kb_indexes
     WHERE tenant_id = $1 AND kb = $2 AND embedder_id = $3 AND dimensions = $4`,
    [scope.tenantId, scope.kb, embedder.id, embedder.dimensions],
  );
  return rows[0] && toIndex(rows[0]);
}

/** Every index of a knowledge base (normally one). */
export async function listIndexes(q: Queryable, scope: KbScope): Promise<VectorIndex[]> {
  const { rows } = await q.query<IndexRow>(
    `SELECT id::text, embedder_id, kind, dimensions, table_name, vector_count FROM kb_indexes WHERE tenant_id = $1 AND kb = $2 ORDER BY id`,
    [scope.tenantId, scope.kb],
  );
  return rows.map(toIndex);
}

/** Drop every vector index of a knowledge base (the local embedder keeps none: its BM25 is in memory). */
export async function dropIndexes(q: Queryable, scope: KbScope): Promise<void> {
  const { rows } = await q.query<{ id: string; table_name: string }>(`SELECT id::text, table_name FROM kb_indexes WHERE tenant_id = $1 AND kb = $2`, [scope.tenantId, scope.kb]);
  for (const r of rows) {
    if (r.table_name) await q.query(`DROP TABLE IF EXISTS ${r.table_name}`);
    await q.query(`DELETE FROM kb_indexes WHERE id = $1`, [r.id]);
  }
}

/**
 * Create (or find) the index for an embedder and drop every other index of the knowledge
 * base: one kb never mixes vectors of two models, and a switch re-embeds from scratch.
 */
export async function ensureIndex(db: Db, scope: KbScope, embedder: Embedder): Promise<VectorIndex> {
  return withTransaction(db, async (q) => {
    const { rows: others } = await q.query<{ id: string; table_name: string }>(
      `SELECT id::text, table_name FROM kb_indexes WHERE tenant_id = $1 AND kb = $2 AND NOT (embedder_id = $3 AND dimensions = $4)`,
      [scope.tenantId, scope.kb, embedder.id, embedder.dimensions],
    );
    for (const o of others) {
      await q.query(`DROP TABLE IF EXISTS ${o.table_name}`);
      await q.query(`DELETE FROM kb_indexes WHERE id = $1`, [o.id]);
    }
    const existing = await findIndex(q, scope, embedder);
    if (existing) return existing;
    const { rows } = await q.query<{ id: string }>(
      `INSERT INTO kb_indexes (tenant_id, kb, embedder_id, kind, dimensions, table_name) VALUES ($1, $2, $3, $4, $5, '') RETURNING id::text`,
      [scope.tenantId, scope.kb, embedder.id, embedder.kind, embedder.dimensions],
    );
    const id = rows[0]?.id as string;
    const table = `kb_vec_${id}`;
    const { type, ops } = columnType(embedder.kind, embedder.dimensions);
    await q.query(`CREATE TABLE IF NOT EXISTS ${table} (
      chunk_id bigint PRIMARY KEY REFERENCES kb_chunks (id) ON DELETE CASCADE,
      tenant_id text NOT NULL,
      embedding ${type} NOT NULL,
      terms integer[]
    )`);
    if (ops) await q.query(`CREATE INDEX IF NOT EXISTS ${table}_hnsw ON ${table} USING hnsw (embedding ${ops})`);
    await q.query(`UPDATE kb_indexes SET table_name = $2 WHERE id = $1`, [id, table]);
    return { id, embedderId: embedder.id, kind: embedder.kind, dimensions: embedder.dimensions, table, vectorCount: 0 };
  });
}

/** pgvector text form of an embedding (sparse indices are 1-based there). */
export function toPgVector(e: Embedding, dims: number): string {
  if (isSparse(e)) return `{${e.indices.map((i, k) => `${i + 1}:${e.values[k]}`).join(",")}}/${dims}`;
  return `[${e.join(",")}]`;
}

/**
 * Embed every chunk of the knowledge base that has no vector in this index yet, in
 * batches, then refresh the index's statistics. Returns how many chunks were embedded.
 */
export async function syncEmbeddings(
  db: Db,
  scope: KbScope,
  index: VectorIndex,
  embedder: Embedder,
  onBatch?: (n: number, total: number) => void,
  batchSize = 256,
): Promise<number> {
  const missingSql = `FROM kb_chunks c WHERE c.tenant_id = $1 AND c.kb = $2 AND NOT EXISTS (SELECT 1 FROM ${index.table} v WHERE v.chunk_id = c.id)`;
  const { rows: countRows } = await db.pool.query<{ n: string }>(`SELECT count(*)::text AS n ${missingSql}`, [scope.tenantId, scope.kb]);
  const total = Number(countRows[0]?.n ?? 0);
  // Loading more vectors than the index holds: building HNSW once afterwards is much
  // faster than maintaining it row by row (a first ingest, a model switch).
  const rebuild = total >= 1000 && total > index.vectorCount;
  const { ops } = columnType(index.kind, index.dimensions);
  if (rebuild && ops) await db.pool.query(`DROP INDEX IF EXISTS ${index.table}_hnsw`);
  let done = 0;
  let lastId = "0";
  while (done < total) {
    const { rows } = await db.pool.query<{ id: string; title: string; summary: string; heading: string; content: string }>(
      `SELECT c.id::text, c.title, c.summary, c.heading, c.content ${missingSql} AND c.id > $3 ORDER BY c.id LIMIT $4`,
      [scope.tenantId, scope.kb, lastId, batchSize],
    );
    if (rows.length === 0) break;
    const vectors = await embedder.embedDocuments(rows.map((r) => ({ text: r.content, context: [r.title, r.summary, r.heading].filter(Boolean).join("\n") })));
    if (vectors.length !== rows.length) throw new AppError("INTERNAL", `embedder returned ${vectors.length} vectors for ${rows.length} chunks`);
    await insertVectors(db.pool, index, scope.tenantId, rows.map((r) => r.id), vectors);
    done += rows.length;
    lastId = rows.at(-1)?.id ?? lastId;
    onBatch?.(rows.length, total);
  }
  if (rebuild && ops) await db.pool.query(`CREATE INDEX IF NOT EXISTS ${index.table}_hnsw ON ${index.table} USING hnsw (embedding ${ops})`);
  await refreshStats(db.pool, index);
  return done;
}

/** Insert vectors for chunk ids (ON CONFLICT: a concurrent ingest may have written them). */
export async function insertVectors(q: Queryable, index: VectorIndex, tenantId: string, chunkIds: string[], vectors: Embedding[]): Promise<void> {
  const texts = vectors.map((v) => toPgVector(v, index.dimensions));
  const terms = vectors.map((v) => (isSparse(v) ? `{${v.indices.join(",")}}` : null));
  await q.query(
    `INSERT INTO ${index.table} (chunk_id, tenant_id, embedding, terms)
     SELECT id, $1, e::${index.kind === "sparse" ? "sparsevec" : columnType("dense", index.dimensions).type.replace(/\(.*/, "")}, t::int[]
     FROM unnest($2::bigint[], $3::text[], $4::text[]) AS x(id, e, t)
     ON CONFLICT (chunk_id) DO NOTHING`,
    [tenantId, chunkIds, texts, terms],
  );
}

/**
 * Recount vectors and, for sparse indexes, document frequencies per feature (recomputed
 * whole: always exact, and cheap next to embedding at documentation scale).
 */
export async function refreshStats(q: Queryable, index: VectorIndex): Promise<void> {
  if (index.kind === "sparse") {
    await q.query(`DELETE FROM kb_terms WHERE index_id = $1`, [index.id]);
    await q.query(
      `INSERT INTO kb_terms (tenant_id, index_id, term, df)
       SELECT min(v.tenant_id), $1, t, count(*) FROM ${index.table} v, unnest(v.terms) AS t GROUP BY t`,
      [index.id],
    );
  }
  await q.query(`UPDATE kb_indexes SET vector_count = (SELECT count(*) FROM ${index.table}) WHERE id = $1`, [index.id]);
}
