import { mulberry32 } from "../core/random.ts";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { config } from "../config/index.ts";
import { AppError } from "../core/errors.ts";
import { openDb, type Db } from "../db/pool.ts";
import { LocalSparseEmbedder } from "../knowledge/embed/local.ts";
import { percentile } from "../knowledge/eval/evaluate.ts";
import { npmDocsDir } from "../knowledge/eval/corpora.ts";
import { ingestPath } from "../knowledge/ingest/ingest.ts";
import { KNOWLEDGE_MIGRATIONS } from "../knowledge/migrations.ts";
import { searchVectors } from "../knowledge/store/search.ts";
import { ensureIndex, type VectorIndex } from "../knowledge/store/vectors.ts";

/**
 * Knowledge-base benchmark on a real Postgres (never embedded: figures must mean
 * something), in a throw-away schema:
 * - HNSW search latency p50/p95 and recall@10 against exact search, over `chunks`
 *   (default 100k) SYNTHETIC 256-d vectors drawn around 1000 random centres (clustered
 *   like real embeddings, not uniform noise), searched through the product's own
 *   `searchVectors` (join to chunks, tenant/label filters, iterative scan);
 * - the same queries on a plain pgvector table with no index (exact), and the ratio;
 * - ingestion throughput in chunks/s: end to end (read, chunk, store, embed with the
 *   local embedder, fit the corpus LSA model) on the npm documentation when present, the
 *   LSA fit alone, and the bulk vector load.
 */
export async function benchKnowledge(opts: { databaseUrl?: string; chunks?: number; queries?: number }): Promise<Record<string, unknown>> {
  const url = opts.databaseUrl ?? config().TEST_DATABASE_URL ?? config().DATABASE_URL;
  if (!url) throw new AppError("CONFIG_INVALID", "benchKnowledge needs a real Postgres: set TEST_DATABASE_URL or DATABASE_URL");
  const n = opts.chunks ?? 100_000;
  const queries = opts.queries ?? 200;
  const schema = `bench_kb_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public").catch(() => {});
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = await openDb({ url, schema, max: 4 });
  try {
    for (const m of KNOWLEDGE_MIGRATIONS) await db.pool.query(m.sql);
    const out: Record<string, unknown> = { chunks: n, dimensions: DIMS, queries, vectors: "synthetic, 1000 gaussian clusters" };
    out.ingestText = await benchTextIngest(db);
    const scope = { tenantId: "bench", kb: "synthetic" };
    const data = clusteredVectors(n, DIMS, 1000, 42);
    const load = await loadSynthetic(db, scope, data);
    out.ingestVectors = load.stats;
    const qs = Array.from({ length: queries }, (_, i) => jitter(data[(i * 7919) % n] as number[], 0.05, i));
    const hnsw: number[] = [];
    const exact: number[] = [];
    let recall = 0;
    const filter = { accessLabels: "all" as const };
    for (const q of qs) {
      let t = performance.now();
      const got = await searchVectors(db, scope, load.index, q, filter, 10);
      hnsw.push(performance.now() - t);
      t = performance.now();
      const { rows } = await db.pool.query<{ chunk_id: string }>(`SELECT chunk_id::text FROM kb_plain ORDER BY embedding <=> $1::vector LIMIT 10`, [`[${q.join(",")}]`]);
      exact.push(performance.now() - t);
      const truth = new Set(rows.map((r) => r.chunk_id));
      recall += got.filter((h) => truth.has(h.chunkId)).length / Math.max(1, truth.size);
    }
    hnsw.sort((a, b) => a - b);
    exact.sort((a, b) => a - b);
    const r2 = (x: number) => Math.round(x * 100) / 100;
    out.searchMs = { p50: r2(percentile(hnsw, 50)), p95: r2(percentile(hnsw, 95)) };
    out.recallAt10 = Math.round((recall / qs.length) * 1000) / 1000;
    out.noIndexMs = { p50: r2(percentile(exact, 50)), p95: r2(percentile(exact, 95)) };
    out.noIndexOverHnswP50 = r2(percentile(exact, 50) / percentile(hnsw, 50));
    return out;
  } finally {
    await db.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await db.close();
  }
}

const DIMS = 256;

/** End-to-end ingest of the npm documentation that ships with Node (if installed). */
async function benchTextIngest(db: Db): Promise<Record<string, unknown>> {
  const dir = npmDocsDir();
  if (!dir) return { skipped: "npm documentation not found" };
  const t = performance.now();
  const r = await ingestPath(db, dir, { tenantId: "bench", kb: "npm", embedder: new LocalSparseEmbedder() });
  const secs = (performance.now() - t) / 1000;
  // The model fit (LSA + ranker on pseudo-queries) is part of the ingest; shown on its own too.
  const lsaSecs = (r.model?.ms ?? 0) / 1000;
  return {
    corpus: dir,
    documents: r.added,
    chunks: r.model?.chunks ?? 0,
    seconds: Math.round(secs * 100) / 100,
    chunksPerSecond: Math.round((r.model?.chunks ?? 0) / secs),
    model: r.model && { dimensions: r.model.dimensions, seconds: Math.round(lsaSecs * 100) / 100 },
  };
}

/** Chunks, vectors through the HNSW table, and the same vectors in an unindexed table. */
async function loadSynthetic(db: Db, scope: { tenantId: string; kb: string }, data: number[][]) {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO kb_documents (tenant_id, kb, name, path, title, format, content_hash, bytes) VALUES ($1, $2, 'synthetic', '-', 'synthetic', 'text', '-', 0) RETURNING id::text`,
    [scope.tenantId, scope.kb],
  );
  const docId = rows[0]?.id;
  const index: VectorIndex = await ensureIndex(db, scope, { id: "synthetic", kind: "dense", dimensions: DIMS, embedDocuments: async () => [], embedQuery: async () => [] });
  // Bulk load: rows first, HNSW built once afterwards (how a large re-embed should run).
  await db.pool.query(`DROP INDEX IF EXISTS ${index.table}_hnsw`);
  await db.pool.query(`CREATE TABLE kb_plain (chunk_id bigint PRIMARY KEY, embedding vector(${DIMS}) NOT NULL)`);
  const t = performance.now();
  const batch = 1000;
  for (let i = 0; i < data.length; i += batch) {
    const part = data.slice(i, i + batch);
    const ids = await db.pool.query<{ id: string }>(
      `INSERT INTO kb_chunks (tenant_id, kb, document_id, document_name, title, ordinal, content, words)
       SELECT $1, $2, $3, 'synthetic', 'synthetic', o, 'synthetic chunk ' || o, 3 FROM unnest($4::int[]) AS o RETURNING id::text`,
      [scope.tenantId, scope.kb, docId, part.map((_, k) => i + k)],
    );
    const vecs = part.map((v) => `[${v.join(",")}]`);
    const chunkIds = ids.rows.map((r) => r.id);
    await db.pool.query(`INSERT INTO ${index.table} (chunk_id, tenant_id, embedding) SELECT id, $1, e::vector FROM unnest($2::bigint[], $3::text[]) AS x(id, e)`, [scope.tenantId, chunkIds, vecs]);
    await db.pool.query(`INSERT INTO kb_plain (chunk_id, embedding) SELECT id, e::vector FROM unnest($1::bigint[], $2::text[]) AS x(id, e)`, [chunkIds, vecs]);
  }
  const secs = (performance.now() - t) / 1000;
  const t2 = performance.now();
  await db.pool.query(`SET maintenance_work_mem = '512MB'`);
  await db.pool.query(`CREATE INDEX ${index.table}_hnsw ON ${index.table} USING hnsw (embedding vector_cosine_ops)`);
  const buildSecs = (performance.now() - t2) / 1000;
  await db.pool.query(`ANALYZE kb_chunks; ANALYZE ${index.table}; ANALYZE kb_plain`);
  return { index, stats: {
      chunks: data.length,
      loadSeconds: Math.round(secs * 100) / 100,
      hnswBuildSeconds: Math.round(buildSecs * 100) / 100,
      chunksPerSecond: Math.round(data.length / (secs + buildSecs)),
      note: "chunk rows + vectors (and the plain copy) bulk-loaded, then HNSW (m=16, ef_construction=64) built",
    } };
}

/** Deterministic PRNG (mulberry32) so runs are comparable. */
const rng = mulberry32;

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

function clusteredVectors(n: number, dims: number, clusters: number, seed: number): number[][] {
  const r = rng(seed);
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dims }, () => gauss(r)));
  return Array.from({ length: n }, () => {
    const c = centres[Math.floor(r() * clusters)] as number[];
    return c.map((x) => Math.round((x + 0.6 * gauss(r)) * 1e4) / 1e4);
  });
}

function jitter(v: number[], amount: number, seed: number): number[] {
  const r = rng(seed + 1);
  return v.map((x) => Math.round((x + amount * gauss(r)) * 1e4) / 1e4);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const chunks = Number(process.argv[2] ?? 100_000);
  benchKnowledge({ chunks })
    .then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    });
}
