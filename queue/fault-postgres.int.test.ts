import { randomBytes } from "node:crypto";
import type pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createRuntime, type LiveRuntime } from "../agents/runtime/runtime.ts";
import { seedRuntimeTenant } from "../test/runtime-tenant.ts";
import { config } from "../config/index.ts";
import { createApp } from "../server/app.ts";
import { createApiKey, dbKeyStore } from "../server/stores.ts";
import { openTestDb, REDIS_SKIP_REASON, testRedisUrl, type TestDb } from "../test/db.ts";
import { createBullQueue, startBullWorkers, type WorkerPool } from "./bullmq.ts";
import { createJobHandlers } from "./handlers.ts";
import { requeueStranded } from "./requeue.ts";
import { FAULT_TENANT, keepDroppingConnections, observerPool, runOutcomes, seedAutoExecTenant, waitForRunsToSettle, withApplicationName } from "../test/queue/faults.ts";
import { dropPrefix, freshPrefix } from "../test/queue/redis.ts";
import { toJobId, type JobQueue } from "./types.ts";

/**
 * Postgres connections dropped mid-run (`pg_terminate_backend` on every connection of the
 * app's pool, again and again, from a separate admin connection): the pool recovers,
 * transient failures are retried where that is safe, and every run still completes
 * exactly once — its actions applied once, one decision, one `run.completed`.
 */
const dbUrl = config().TEST_DATABASE_URL;
const redisUrl = testRedisUrl();
const skipReason = !dbUrl ? "(skipped: TEST_DATABASE_URL is not set; these tests drop real Postgres connections)" : !redisUrl ? `(${REDIS_SKIP_REASON})` : "";
const requestedBy = { id: "rep-1", role: "rep" as const, tenantId: FAULT_TENANT };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

interface Rig {
  t: TestDb;
  runtime: LiveRuntime;
  queue: JobQueue;
  /** Tag of the app's connections: the dropper terminates exactly these. */
  appName: string;
  /** A pool the dropper leaves alone, for the test's own checks. */
  observer: pg.Pool;
}

/** A fresh schema reached with a tagged pool, the live runtime, and two BullMQ worker pools on a fresh prefix. */
async function rig(): Promise<Rig> {
  const appName = `fault-pg-${randomBytes(4).toString("hex")}`;
  const t = await openTestDb(withApplicationName(dbUrl as string, appName));
  cleanups.push(() => t.cleanup());
  const observer = observerPool(t.db);
  cleanups.push(() => observer.end());
  const runtime = await createRuntime({ db: t.db, llm: undefined });
  const prefix = freshPrefix();
  const queue = createBullQueue({ url: redisUrl as string, prefix, backoffMs: 100, attempts: 8 });
  const handlers = createJobHandlers({ db: t.db, runtime, queue });
  const pools: WorkerPool[] = [1, 2].map(() => startBullWorkers({ url: redisUrl as string, prefix, concurrency: 2, handlers, queues: ["agent-runs"] }));
  cleanups.push(async () => {
    for (const p of pools) await p.close();
    await queue.close();
    await dropPrefix(redisUrl as string, prefix);
  });
  return { t, runtime, queue, appName, observer };
}

describe.skipIf(Boolean(skipReason))(`Postgres connections dropped mid-run ${skipReason}`, () => {
  it("every run of a batch processed by two workers completes exactly once while connections keep being terminated", async () => {
    // Given 40 runs whose actions execute without a human, and two worker pools
    const { t, runtime, queue, appName, observer } = await rig();
    const accounts = await seedAutoExecTenant(t.db);
    const runIds: string[] = [];
    for (const id of accounts.slice(0, 40)) runIds.push((await runtime.createRun({ tenantId: FAULT_TENANT, agent: "renewal-risk", subject: { type: "account", id }, requestedBy })).runId);

    // When every connection of the app's pool is terminated every 200 ms while the runs execute
    const dropper = keepDroppingConnections(dbUrl as string, appName, 200);
    for (const runId of runIds) await queue.add("agent-runs", { tenantId: FAULT_TENANT, runId }, { jobId: toJobId(runId) });
    const stillOpen = await waitForRunsToSettle(observer, runIds, 90_000);
    const terminated = await dropper.stop();

    // Then connections were really dropped, no run was left behind (no sweep needed), and
    // each run completed once: its two actions applied once each, one decision, one completion
    expect(terminated).toBeGreaterThan(0);
    expect(stillOpen).toBe(0);
    const outcomes = await runOutcomes(observer, runIds);
    expect(outcomes.map((o) => o.status)).toEqual(runIds.map(() => "completed"));
    for (const o of outcomes) expect(o, o.runId).toMatchObject({ actions: 2, distinctActions: 2, recordedActions: 2, decisions: 1, finishedEvents: 1 });
  });

  it("answers approvals with 200 or a 503 problem (never a 500) while connections drop, and every approved run completes once", async () => {
    // Given 12 runs waiting at the veto for a manager, and the API
    const { t, runtime, queue, appName, observer } = await rig();
    await seedRuntimeTenant(t.db, FAULT_TENANT);
    const { rows } = await observer.query<{ id: string }>(`SELECT id FROM accounts WHERE tenant_id = $1 ORDER BY id LIMIT 12`, [FAULT_TENANT]);
    const runIds: string[] = [];
    for (const { id } of rows) {
      const run = await runtime.createRun({ tenantId: FAULT_TENANT, agent: "renewal-risk", subject: { type: "account", id }, requestedBy });
      expect((await runtime.executeRun(FAULT_TENANT, run.runId)).status).toBe("waiting_approval");
      runIds.push(run.runId);
    }
    const approvals = await runtime.listApprovals(FAULT_TENANT, { status: "pending", limit: 100 });
    expect(approvals).toHaveLength(runIds.length);
    const app = createApp({ db: t.db, runtime, queue });
    const key = (await createApiKey(dbKeyStore(t.db), { tenantId: FAULT_TENANT, role: "manager" })).key;
    const decide = (id: string) =>
      app.request(`/v1/approvals/${encodeURIComponent(id)}/decision`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ answer: "approve", reasonCode: "agree" }),
      });

    // When a manager approves them all while every app connection is terminated every 150 ms
    const dropper = keepDroppingConnections(dbUrl as string, appName, 150);
    const answers: number[] = [];
    const problems: string[] = [];
    for (const a of approvals) {
      const res = await decide(a.id);
      answers.push(res.status);
      if (res.status !== 200) problems.push(String(((await res.json()) as { code?: string }).code));
    }
    const terminated = await dropper.stop();
    // …the manager tries again where the API said 503 (409: the first answer was recorded after all)
    const retries: number[] = [];
    for (const [i, a] of approvals.entries()) if (answers[i] !== 200) retries.push((await decide(a.id)).status);
    // …and the periodic sweep runs (it resumes runs whose resume was cut off)
    await requeueStranded({ db: t.db, queue }, { graceSeconds: 0 });
    const stillOpen = await waitForRunsToSettle(observer, runIds, 60_000);

    // Then no 500 ever, only 503 DB_UNAVAILABLE problems; and every run completed once with each action applied once
    expect(terminated).toBeGreaterThan(0);
    expect(answers.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(problems.filter((c) => c !== "DB_UNAVAILABLE")).toEqual([]);
    expect(retries.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    expect(stillOpen).toBe(0);
    const outcomes = await runOutcomes(observer, runIds);
    expect(outcomes.map((o) => o.status)).toEqual(runIds.map(() => "completed"));
    for (const o of outcomes) {
      expect(o.actions, o.runId).toBeGreaterThan(0);
      expect(o, o.runId).toMatchObject({ distinctActions: o.actions, recordedActions: o.actions, decisions: 1, finishedEvents: 2 });
    }
  });
});
