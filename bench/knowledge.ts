import { mulberry32 } from "../core/random.ts";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { config } from "../config/index.ts";
import { openDb, type Db } from "../db/pool.ts";
import { openScratchDb } from "../db/scratch.ts";
import { LocalSparseEmbedder } from "../knowledge/embed/local.ts";
import { percentile, readQuestions } from "../knowledge/eval/evaluate.ts";
import { EVAL_CORPORA, stageCorpus } from "../knowledge/eval/corpora.ts";
import { ingestPath } from "../knowledge/ingest/ingest.ts";
import { KNOWLEDGE_MIGRATIONS } from "../knowledge/migrations.ts";
import { searchKnowledge } from "../knowledge/search.ts";
import { loadKb } from "../knowledge/store/kb-cache.ts";
import { searchVectors } from "../knowledge/store/search.ts";
import { ensureIndex, type VectorIndex } from "../knowledge/store/vectors.ts";
import { writeSyntheticCorpus } from "./kb-corpus.ts";

/**
 * Knowledge-base benchmark of the search users run: `searchKnowledge` (fused ranking +
 * citations with snippets, exactly what `kb search`, `GET /v1/knowledge/search` and the
 * agents call), on the embedded default (PGlite) or a real Postgres, at two sizes:
 * - ≈ 1,000 chunks: Git's 28 guides when installed (else npm's docs), their 150 eval
 *   questions as queries; ingest time end to end (read, chunk, store, LSA + ranker fit);
 * - 100,000 chunks: a synthetic Zipf-worded corpus (bench/kb-corpus.ts), 200 queries;
 * each: p50/p95 over three passes of the queries (the first query of a fresh connection,
 * which loads the kb into memory, reported on its own), and the in-memory index's size.
 * Postgres also runs the dense-vector leg (pgvector HNSW over 100k synthetic 256-d vectors,
 * used when an OpenAI-compatible embedder is configured): p50/p95, recall@10, unindexed ratio.
 */
export async function benchKnowledge(opts: { databaseUrl?: string | undefined; only?: "embedded" | "postgres"; large?: number; queries?: number } = {}): Promise<Record<string, unknown>> {
  const large = opts.large ?? 100_000;
  const out: Record<string, unknown> = {};
  if (opts.only !== "postgres") {
    out.embedded = { small: await withDb(undefined, (db) => benchCorpus(db, "small")), large: await withDb(undefined, (db) => benchCorpus(db, "large", large)) };
  }
  if (opts.only === "embedded") return out;
  const url = opts.databaseUrl ?? config().TEST_DATABASE_URL ?? config().DATABASE_URL;
  out.postgres = url
    ? {
        small: await withDb(url, (db) => benchCorpus(db, "small")),
        large: await withDb(url, (db) => benchCorpus(db, "large", large)),
        denseVectorLeg: await withDb(url, (db) => benchDenseLeg(db, opts.queries ?? 200)),
      }
    : { skipped: "needs a real Postgres: set TEST_DATABASE_URL or DATABASE_URL" };
  return out;
}

/**
 * A fresh database with the knowledge tables: a throw-away schema on Postgres
 * (db/scratch.ts), or the embedded default as users run it, PGlite persisted in a folder
 * (a temporary one, removed after), not held in memory.
 */
async function withDb<T>(url: string | undefined, fn: (db: Db) => Promise<T>): Promise<T> {
  if (!url) {
    const dataDir = await mkdtemp(join(tmpdir(), "kb-bench-pglite-"));
    const db = await openDb({ dataDir });
    try {
      await db.pool.query("CREATE EXTENSION IF NOT EXISTS vector");
      for (const m of KNOWLEDGE_MIGRATIONS) await db.pool.query(m.sql);
      return await fn(db);
    } finally {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  const scratch = await openScratchDb(url);
  try {
    for (const m of KNOWLEDGE_MIGRATIONS) await scratch.db.pool.query(m.sql);
    return await fn(scratch.db);
  } finally {
    await scratch.cleanup();
  }
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/** Ingest one corpus, then time `searchKnowledge` over its queries. */
async function benchCorpus(db: Db, size: "small" | "large", chunks = 0): Promise<Record<string, unknown>> {
  let dir: string;
  let cleanup: () => Promise<void>;
  let queries: string[];
  let corpus: string;
  if (size === "small") {
    const c = EVAL_CORPORA.find((x) => x.name === "git" && Array.isArray(x.files())) ?? EVAL_CORPORA.find((x) => x.name === "npm");
    const files = c?.files();
    if (!c || !Array.isArray(files)) return { skipped: "neither Git's guides nor npm's docs are installed" };
    ({ dir, cleanup } = await stageCorpus(files));
    queries = (await readQuestions(c.questions)).questions.map((q) => q.question);
    corpus = c.about;
  } else {
    dir = await mkdtemp(join(tmpdir(), "kb-bench-"));
    cleanup = () => rm(dir, { recursive: true, force: true });
    queries = (await writeSyntheticCorpus(dir, chunks)).queries;
    corpus = "synthetic Zipf-worded guides (bench/kb-corpus.ts)";
  }
  try {
    const scope = { tenantId: "bench", kb: size };
    const embedder = new LocalSparseEmbedder();
    const t0 = performance.now();
    const report = await ingestPath(db, dir, { ...scope, embedder });
    const ingestSeconds = (performance.now() - t0) / 1000;
    // A fresh process: nothing in memory, so the first search loads the kb (then cached).
    const heapBefore = process.memoryUsage().heapUsed;
    const fresh = await openAgain(db);
    const tl = performance.now();
    const loaded = await loadKb(fresh, scope);
    const loadMs = performance.now() - tl;
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    const times: number[] = [];
    for (let pass = 0; pass < 3; pass++) {
      for (const query of queries) {
        const t = performance.now();
        await searchKnowledge(fresh, embedder, { ...scope, query, k: 5, accessLabels: "all" });
        times.push(performance.now() - t);
      }
    }
    if (fresh !== db) await fresh.close();
    times.sort((a, b) => a - b);
    return {
      corpus,
      documents: report.added,
      chunks: report.model?.chunks ?? 0,
      ingest: { seconds: r2(ingestSeconds), modelFitSeconds: r2((report.model?.ms ?? 0) / 1000), chunksPerSecond: Math.round((report.model?.chunks ?? 0) / ingestSeconds) },
      firstSearchLoadMs: Math.round(loadMs),
      index: { megabytes: loaded ? r2(loaded.index.bytes / 1e6) : 0, heapGrowthMb: Math.round(heapMb) },
      search: { queries: times.length, p50: r2(percentile(times, 50)), p95: r2(percentile(times, 95)), max: r2(times.at(-1) ?? 0) },
      rssMbAfter: Math.round(process.memoryUsage().rss / 1e6),
    };
  } finally {
    await cleanup();
  }
}

/** Another handle on the same database (a second process's view); PGlite has one session, so itself with its cache cleared. */
async function openAgain(db: Db): Promise<Db> {
  if (db.embedded) {
    const { forgetAll } = await import("../knowledge/store/kb-cache.ts");
    forgetAll(db);
    return db;
  }
  return openDb({ url: db.url, max: 4 });
}

/** The dense-embedder leg: pgvector HNSW over synthetic 256-d vectors, against exact search. */
async function benchDenseLeg(db: Db, queries: number): Promise<Record<string, unknown>> {
  const n = 100_000;
  const scope = { tenantId: "bench", kb: "synthetic" };
  const data = clusteredVectors(n, DIMS, 1000, 42);
  const load = await loadSynthetic(db, scope, data);
  const qs = Array.from({ length: queries }, (_, i) => jitter(data[(i * 7919) % n] as number[], 0.05, i));
  const hnsw: number[] = [];
  const exact: number[] = [];
  let recall = 0;
  for (const q of qs) {
    let t = performance.now();
    const got = await searchVectors(db, scope, load.index, q, { accessLabels: "all" }, 10);
    hnsw.push(performance.now() - t);
    t = performance.now();
    const { rows } = await db.pool.query<{ chunk_id: string }>(`SELECT chunk_id::text FROM kb_plain ORDER BY embedding <=> $1::vector LIMIT 10`, [`[${q.join(",")}]`]);
    exact.push(performance.now() - t);
    const truth = new Set(rows.map((r) => r.chunk_id));
    recall += got.filter((h) => truth.has(h.chunkId)).length / Math.max(1, truth.size);
  }
  hnsw.sort((a, b) => a - b);
  exact.sort((a, b) => a - b);
  return {
    chunks: n,
    dimensions: DIMS,
    vectors: "synthetic, 1000 gaussian clusters",
    ingest: load.stats,
    searchMs: { p50: r2(percentile(hnsw, 50)), p95: r2(percentile(hnsw, 95)) },
    recallAt10: Math.round((recall / qs.length) * 1000) / 1000,
    noIndexMs: { p50: r2(percentile(exact, 50)), p95: r2(percentile(exact, 95)) },
    noIndexOverHnswP50: r2(percentile(exact, 50) / percentile(hnsw, 50)),
  };
}

const DIMS = 256;

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
  // npx tsx bench/knowledge.ts [embedded|postgres] [large chunks]
  const only = process.argv[2] === "embedded" || process.argv[2] === "postgres" ? process.argv[2] : undefined;
  benchKnowledge({ only, large: Number(process.argv[3] ?? 100_000) })
    .then((r) => process.stdout.write(`${JSON.stringify({ ...r, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }, null, 2)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    });
}
