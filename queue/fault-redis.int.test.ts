import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { createRuntime } from "../agents/runtime/runtime.ts";
import { config } from "../config/index.ts";
import { createApp } from "../server/app.ts";
import { createApiKey, dbKeyStore } from "../server/stores.ts";
import { openTestDb } from "../test/db.ts";
import { createBullQueue, startBullWorkers, type WorkerPool } from "./bullmq.ts";
import { createJobHandlers } from "./handlers.ts";
import { FAULT_TENANT, runOutcomes, seedAutoExecTenant, startThrowawayRedis, waitForRunsToSettle } from "../test/queue/faults.ts";
import { toJobId } from "./types.ts";

/**
 * Redis restarted mid-load: a Redis of the test's own (never the machine's shared one) is
 * killed while runs are being started through the API and processed by two worker pools,
 * then started again empty on the same port — every job, lock and job scheduler gone.
 * Runs live in Postgres, so none is lost: the API keeps accepting them, and once Redis is
 * back the producer re-registers the schedulers and queues a sweep of stranded runs.
 */
const dbUrl = config().TEST_DATABASE_URL;
const skipReason = !dbUrl ? "(skipped: TEST_DATABASE_URL is not set; the runs must outlive Redis in a real Postgres)" : "";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

describe.skipIf(Boolean(skipReason) || !hasRedisServer())(`Redis restarted mid-load ${skipReason || (hasRedisServer() ? "" : "(skipped: no redis-server binary on PATH to run a throwaway Redis)")}`, () => {
  it("every run accepted before, during and after a Redis restart completes exactly once; the API never hangs nor answers 500", async () => {
    // Given the API, a producer that registered the recurring jobs (as `serve` does) and two worker pools on a throwaway Redis
    const redis = await startThrowawayRedis();
    cleanups.push(() => redis.stop());
    const t = await openTestDb();
    cleanups.push(() => t.cleanup());
    const accounts = await seedAutoExecTenant(t.db);
    const runtime = await createRuntime({ db: t.db, llm: undefined });
    const queue = createBullQueue({ url: redis.url, backoffMs: 100, attempts: 8 });
    await queue.scheduleRecurring();
    const handlers = createJobHandlers({ db: t.db, runtime, queue });
    const pools: WorkerPool[] = [1, 2].map(() => startBullWorkers({ url: redis.url, concurrency: 2, handlers, queues: ["agent-runs", "scheduled-scans"] }));
    cleanups.push(async () => {
      for (const p of pools) await p.close();
      await queue.close();
    });
    const app = createApp({ db: t.db, runtime, queue });
    const auth = { authorization: `Bearer ${(await createApiKey(dbKeyStore(t.db), { tenantId: FAULT_TENANT, role: "admin" })).key}` };
    const subjects = accounts.slice(0, 36);
    const accepted: string[] = [];
    const statuses: number[] = [];
    const start = async (n: number) => {
      for (const id of subjects.splice(0, n)) {
        const res = await app.request("/v1/runs", { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ agent: "renewal-risk", subject: { type: "account", id } }) });
        statuses.push(res.status);
        if (res.status === 202) accepted.push(((await res.json()) as { runId: string }).runId);
      }
    };

    // When runs are started, Redis dies while they are processed, more runs are started during the outage…
    await start(12);
    await redis.stop();
    await start(12);
    const jobDuringOutage = await app.request(`/v1/jobs/agent-runs/${toJobId(accepted[0] as string)}`, { headers: auth });
    const readyDuringOutage = await app.request("/readyz");
    // …and Redis comes back empty on the same port while more runs are started
    await redis.start();
    await start(12);
    const stillOpen = await waitForRunsToSettle(t.db.pool, accepted, 90_000);

    // Then every start was accepted (the run is recorded in Postgres even while Redis is down),
    // queue-only reads answered a 503 problem during the outage, and no run is left behind…
    expect(statuses).toEqual(statuses.map(() => 202));
    expect(accepted).toHaveLength(36);
    expect(jobDuringOutage.status).toBe(503);
    expect(await jobDuringOutage.json()).toMatchObject({ code: "QUEUE_UNAVAILABLE", status: 503 });
    expect(readyDuringOutage.status).toBe(503);
    expect(stillOpen).toBe(0);
    // …each completed exactly once: two actions applied once each, one decision, one completion
    const outcomes = await runOutcomes(t.db.pool, accepted);
    expect(outcomes.map((o) => o.status)).toEqual(accepted.map(() => "completed"));
    for (const o of outcomes) expect(o, o.runId).toMatchObject({ actions: 2, distinctActions: 2, recordedActions: 2, decisions: 1, finishedEvents: 1 });
  });
});

/** The throwaway Redis needs the redis-server binary (it is not the shared Redis of TEST_REDIS_URL). */
function hasRedisServer(): boolean {
  return !spawnSync("redis-server", ["--version"], { stdio: "ignore" }).error;
}
