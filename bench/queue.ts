import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { createRuntime } from "../agents/runtime.ts";
import { config } from "../config/index.ts";
import { ensureDemoModels } from "../crm/seed/demo-models.ts";
import { seedDemo } from "../crm/seed/seed.ts";
import { migrate } from "../db/migrations.ts";
import { createBullQueue, QUEUES } from "../queue/index.ts";
import { openTestDb } from "../test/db.ts";

const TENANT = "bench";
const BIN = fileURLToPath(new URL("../bin/scenario.mjs", import.meta.url));
/** A Redis database of its own, so the bench never touches real queues. */
const BENCH_REDIS_DB = 7;

/**
 * Queue throughput of agent runs with 1 and 2 `scenario worker` processes sharing one
 * Redis and one Postgres: runs are created, workers started and ready, then every run is
 * enqueued and the clock runs until all have settled (waiting at the veto or finished).
 */
export async function bench(runs = 60): Promise<Record<string, unknown>> {
  const dbUrl = config().DATABASE_URL ?? config().TEST_DATABASE_URL;
  const redisBase = config().REDIS_URL ?? config().TEST_REDIS_URL;
  if (!dbUrl || !redisBase) return { skipped: "needs a Postgres (DATABASE_URL or TEST_DATABASE_URL) and a Redis (REDIS_URL or TEST_REDIS_URL)" };
  const redisUrl = new URL(redisBase);
  redisUrl.pathname = `/${BENCH_REDIS_DB}`;
  const t = await openTestDb(dbUrl);
  const out: Record<string, unknown> = { runs };
  try {
    await migrate(t.db);
    await seedDemo(t.db, { tenantId: TENANT });
    await ensureDemoModels(t.db, TENANT);
    const runtime = await createRuntime({ db: t.db, llm: undefined });
    const { rows: accounts } = await t.db.pool.query<{ id: string }>(`SELECT id FROM accounts WHERE tenant_id = $1 ORDER BY id LIMIT $2`, [TENANT, runs * 2]);
    for (const workers of [1, 2]) {
      const flush = new Redis(redisUrl.toString(), { maxRetriesPerRequest: 1 });
      await flush.flushdb();
      await flush.quit();
      const batch = accounts.slice((workers - 1) * runs, workers * runs);
      const ids: string[] = [];
      for (const a of batch) {
        ids.push((await runtime.createRun({ tenantId: TENANT, agent: "renewal-risk", subject: { type: "account", id: a.id }, requestedBy: { id: "bench", role: "rep", tenantId: TENANT } })).runId);
      }
      const procs = startWorkers(workers, t.db.url, redisUrl.toString());
      try {
        await waitForWorkers(redisUrl.toString(), workers);
        const producer = createBullQueue({ url: redisUrl.toString() });
        const t0 = performance.now();
        for (const runId of ids) await producer.add(QUEUES.agentRuns, { tenantId: TENANT, runId }, { jobId: runId });
        await waitSettled(t.db.pool, ids);
        const seconds = (performance.now() - t0) / 1000;
        await producer.close();
        const attempts = await t.db.pool.query<{ max: number }>(`SELECT max(attempts) AS max FROM agent_runs WHERE id = ANY($1)`, [ids]);
        out[`workers${workers}`] = { runsPerSecond: Math.round((ids.length / seconds) * 10) / 10, seconds: Math.round(seconds * 100) / 100, maxAttemptsPerRun: attempts.rows[0]?.max };
      } finally {
        for (const p of procs) p.kill("SIGTERM");
      }
    }
    return out;
  } finally {
    await t.cleanup();
  }
}

function startWorkers(n: number, databaseUrl: string, redisUrl: string): ChildProcess[] {
  return Array.from({ length: n }, () =>
    spawn(process.execPath, [BIN, "worker"], { stdio: "ignore", env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, WORKER_CONCURRENCY: "2", LOG_LEVEL: "warn" } }),
  );
}

async function waitForWorkers(redisUrl: string, n: number): Promise<void> {
  const q = new Queue(QUEUES.agentRuns, { connection: { url: redisUrl } });
  try {
    for (let i = 0; i < 600; i++) {
      if ((await q.getWorkers()).length >= n) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`workers did not start (wanted ${n})`);
  } finally {
    await q.close();
  }
}

async function waitSettled(pool: import("pg").Pool, ids: string[]): Promise<void> {
  for (;;) {
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM agent_runs WHERE id = ANY($1) AND status NOT IN ('queued', 'running')`, [ids]);
    if (Number(rows[0]?.n) >= ids.length) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
