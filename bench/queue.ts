import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { createRuntime } from "../agents/runtime/runtime.ts";
import { config } from "../config/index.ts";
import { ensureDemoModels } from "../app/demo/models.ts";
import { seedDemo } from "../crm/seed/seed.ts";
import { migrateAll } from "../app/migrations.ts";
import { createBullQueue, QUEUES } from "../queue/index.ts";
import { openScratchDb } from "../db/scratch.ts";

const TENANT = "bench";
const BIN = fileURLToPath(new URL("../bin/scenario.mjs", import.meta.url));
/** A Redis database of its own, so the bench never touches real queues. */
const BENCH_REDIS_DB = 7;

/**
 * Queue throughput of agent runs with 1 and 2 `scenario worker` processes sharing one
 * Redis and one Postgres: workers are started and warmed up (a few untimed runs each, so
 * graph compilation, model loading and JIT are not in the figure), then `runs` runs are
 * enqueued and the clock runs until all have settled (waiting at the veto or finished).
 * Beside the rate: the workers' CPU time per run and the load average, because on a small
 * machine the workers, Postgres and everything else share the same cores.
 */
export async function bench(runs = 150): Promise<Record<string, unknown>> {
  const dbUrl = config().DATABASE_URL ?? config().TEST_DATABASE_URL;
  const redisBase = config().REDIS_URL ?? config().TEST_REDIS_URL;
  if (!dbUrl || !redisBase) return { skipped: "needs a Postgres (DATABASE_URL or TEST_DATABASE_URL) and a Redis (REDIS_URL or TEST_REDIS_URL)" };
  const redisUrl = new URL(redisBase);
  redisUrl.pathname = `/${BENCH_REDIS_DB}`;
  const t = await openScratchDb(dbUrl);
  const out: Record<string, unknown> = { runs, workerConcurrency: WORKER_CONCURRENCY, cpus: cpus().length };
  try {
    await migrateAll(t.db);
    await seedDemo(t.db, { tenantId: TENANT });
    await ensureDemoModels(t.db, TENANT);
    const runtime = await createRuntime({ db: t.db, llm: undefined });
    const { rows: accounts } = await t.db.pool.query<{ id: string }>(`SELECT id FROM accounts WHERE tenant_id = $1 ORDER BY id`, [TENANT]);
    let next = 0;
    const createRuns = async (n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const account = accounts[next++ % accounts.length] as { id: string };
        ids.push((await runtime.createRun({ tenantId: TENANT, agent: "renewal-risk", subject: { type: "account", id: account.id }, requestedBy: { id: "bench", role: "rep", tenantId: TENANT } })).runId);
      }
      return ids;
    };
    for (const workers of [1, 2]) {
      const flush = new Redis(redisUrl.toString(), { maxRetriesPerRequest: 1 });
      await flush.flushdb();
      await flush.quit();
      const procs = startWorkers(workers, t.db.url, redisUrl.toString());
      const producer = createBullQueue({ url: redisUrl.toString() });
      try {
        await waitForWorkers(redisUrl.toString(), workers);
        const enqueue = async (ids: string[]) => {
          for (const runId of ids) await producer.add(QUEUES.agentRuns, { tenantId: TENANT, runId }, { jobId: runId });
        };
        const warm = await createRuns(WARMUP_PER_WORKER * workers);
        await enqueue(warm);
        await waitSettled(t.db.pool, warm);
        const ids = await createRuns(runs);
        const cpu0 = procs.map(cpuMs);
        const load0 = loadavg()[0] as number;
        const t0 = performance.now();
        await enqueue(ids);
        await waitSettled(t.db.pool, ids);
        const seconds = (performance.now() - t0) / 1000;
        const cpu = procs.map((p, i) => cpuMs(p) - (cpu0[i] as number)).reduce((a, b) => a + b, 0);
        const attempts = await t.db.pool.query<{ max: number }>(`SELECT max(attempts) AS max FROM agent_runs WHERE id = ANY($1)`, [ids]);
        out[`workers${workers}`] = {
          runsPerSecond: Math.round((ids.length / seconds) * 10) / 10,
          seconds: Math.round(seconds * 100) / 100,
          workerCpuMsPerRun: Math.round((cpu / ids.length) * 10) / 10,
          loadAverage1m: { before: round2(load0), after: round2(loadavg()[0] as number) },
          maxAttemptsPerRun: attempts.rows[0]?.max,
        };
      } finally {
        await producer.close();
        for (const p of procs) p.kill("SIGTERM");
        await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once("exit", r)))));
      }
    }
    return out;
  } finally {
    await t.cleanup();
  }
}

const WARMUP_PER_WORKER = 6;
const WORKER_CONCURRENCY = 2;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** User + system CPU time of a child process so far (Linux /proc; 0 elsewhere). */
function cpuMs(p: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${p.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after "pid (comm) ", in clock ticks (100/s).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

function startWorkers(n: number, databaseUrl: string, redisUrl: string): ChildProcess[] {
  return Array.from({ length: n }, () =>
    spawn(process.execPath, [BIN, "worker"], { stdio: "ignore", env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, WORKER_CONCURRENCY: String(WORKER_CONCURRENCY), LOG_LEVEL: "warn" } }),
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
