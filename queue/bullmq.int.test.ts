import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../core/errors.ts";
import { createFakeRuntime, type FakeRuntime } from "../test/server/fake-runtime.ts";
import { fakeDb } from "../test/server/memory-stores.ts";
import { REDIS_SKIP_REASON, testRedisUrl } from "../test/db.ts";
import { createBullQueue, startBullWorkers, type WorkerPool } from "./bullmq.ts";
import { createJobHandlers } from "./handlers.ts";
import { dropPrefix, freshPrefix, settled } from "../test/queue/redis.ts";
import { toJobId, type JobQueue } from "./types.ts";

const url = testRedisUrl();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A producer, N worker pools and a fake runtime on a fresh prefix of the real Redis. */
function setup(redisUrl: string, workers: number, concurrency = 2): { queue: JobQueue; runtime: FakeRuntime; pools: WorkerPool[] } {
  const prefix = freshPrefix();
  const runtime = createFakeRuntime();
  const queue = createBullQueue({ url: redisUrl, prefix, backoffMs: 10, attempts: 3 });
  const handlers = createJobHandlers({ db: fakeDb(), runtime, queue });
  const pools = Array.from({ length: workers }, () => startBullWorkers({ url: redisUrl, prefix, concurrency, handlers, queues: ["agent-runs"] }));
  cleanups.push(async () => {
    for (const p of pools) await p.close();
    await queue.close();
    await dropPrefix(redisUrl, prefix);
  });
  return { queue, runtime, pools };
}

async function enqueueRun(runtime: FakeRuntime, queue: JobQueue, subjectId: string): Promise<string> {
  const run = await runtime.createRun({ tenantId: "acme", agent: "lead-triage", subject: { type: "lead", id: subjectId }, requestedBy: { id: "k", role: "rep", tenantId: "acme" } });
  await queue.add("agent-runs", { tenantId: "acme", runId: run.runId }, { jobId: toJobId(run.runId) });
  return run.runId;
}

describe.skipIf(!url)(`BullMQ queue and workers on real Redis ${url ? "" : `(${REDIS_SKIP_REASON})`}`, () => {
  const redisUrl = url as string;

  it("enqueue → worker → runtime.executeRun called once, run completed", async () => {
    const { queue, runtime } = setup(redisUrl, 1);
    const runId = await enqueueRun(runtime, queue, "L-1");
    const job = await settled(queue, "agent-runs", toJobId(runId));
    expect(job).toMatchObject({ state: "completed", attempts: 1, result: { runId, status: "completed" } });
    expect(runtime.executions.get(runId)).toBe(1);
    await expect(queue.ping()).resolves.toBeUndefined();
  });

  it("two workers sharing one Redis execute each run exactly once, even when enqueued three times", async () => {
    // Given two worker pools and 30 runs, each enqueued three times (webhook retries, double clicks)
    const { queue, runtime } = setup(redisUrl, 2, 4);
    runtime.executeDelayMs = 10;
    const runIds: string[] = [];
    for (let i = 0; i < 30; i++) runIds.push(await enqueueRun(runtime, queue, `L-${i}`));
    for (const runId of runIds) for (let k = 0; k < 2; k++) await queue.add("agent-runs", { tenantId: "acme", runId }, { jobId: toJobId(runId) });
    // When all settle
    for (const runId of runIds) await settled(queue, "agent-runs", toJobId(runId));
    // Then every run executed once
    expect(runIds.map((id) => runtime.executions.get(id))).toEqual(runIds.map(() => 1));
  });

  it("retries transient faults with backoff and sends bad input straight to the dead-letter view", async () => {
    const { queue, runtime } = setup(redisUrl, 1);
    runtime.failNext.push(new AppError("DB_UNAVAILABLE", "connection reset"));
    const flaky = await enqueueRun(runtime, queue, "L-flaky");
    expect(await settled(queue, "agent-runs", toJobId(flaky))).toMatchObject({ state: "completed", attempts: 2 });

    runtime.failNext.push(new AppError("INPUT_INVALID", "lead has no data"));
    const bad = await enqueueRun(runtime, queue, "L-bad");
    expect(await settled(queue, "agent-runs", toJobId(bad))).toMatchObject({ state: "failed", attempts: 1, failedReason: "lead has no data" });
    expect((await queue.listFailed("agent-runs", 10)).map((j) => j.id)).toEqual([toJobId(bad)]);
    expect((await queue.counts())["agent-runs"]).toMatchObject({ failed: 1 });

    // And an admin retry runs it again
    expect(await queue.retryFailed("agent-runs", toJobId(bad))).toBe(true);
    expect(await settled(queue, "agent-runs", toJobId(bad))).toMatchObject({ state: "completed" });
  });

  it("closing a worker lets the running job finish (graceful SIGTERM)", async () => {
    const { queue, runtime, pools } = setup(redisUrl, 1);
    runtime.executeDelayMs = 300;
    const runId = await enqueueRun(runtime, queue, "L-slow");
    // Wait until the job is active, then close the worker as SIGTERM does
    for (let i = 0; i < 500 && (await queue.getJob("agent-runs", toJobId(runId)))?.state !== "active"; i++) await new Promise((r) => setTimeout(r, 10));
    await pools[0]?.close();
    expect(await queue.getJob("agent-runs", toJobId(runId))).toMatchObject({ state: "completed" });
    expect(runtime.executions.get(runId)).toBe(1);
  });

  it("hands the job of a worker killed with SIGKILL mid-run to another worker, which completes it", async () => {
    // Given a run whose job is taken by a worker process that never finishes it
    const prefix = freshPrefix();
    const queue = createBullQueue({ url: redisUrl, prefix });
    const redis = new Redis(redisUrl);
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("../test/queue/kill-worker.ts", import.meta.url)), redisUrl, prefix], { stdio: "ignore" });
    let survivor: WorkerPool | undefined;
    cleanups.push(async () => {
      child.kill("SIGKILL");
      await survivor?.close();
      await queue.close();
      redis.disconnect();
      await dropPrefix(redisUrl, prefix);
    });
    await queue.add("agent-runs", { tenantId: "acme", runId: "run-k" }, { jobId: "run-k" });
    const startedKey = `${prefix}:test:started:run-k`;
    for (let i = 0; i < 1_500 && (await redis.get(startedKey)) !== "1"; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await redis.get(startedKey)).toBe("1");
    // When that worker is killed mid-run and another worker is running
    child.kill("SIGKILL");
    const resumed: string[] = [];
    const none = async () => undefined;
    survivor = startBullWorkers({
      url: redisUrl,
      prefix,
      concurrency: 1,
      queues: ["agent-runs"],
      stalledIntervalMs: 300,
      handlers: { "agent-runs": async ({ runId }) => void resumed.push(runId), ingestion: none, fits: none, "eval-runs": none, "scheduled-scans": none },
    });
    // Then the job is reclaimed after its lock expires and completed once by the survivor
    expect(await settled(queue, "agent-runs", "run-k", 60_000)).toMatchObject({ state: "completed" });
    expect(resumed).toEqual(["run-k"]);
  });

  it("registers the recurring jobs once, however many processes start", async () => {
    const { queue } = setup(redisUrl, 0);
    await queue.scheduleRecurring();
    await queue.scheduleRecurring();
    const counts = await queue.counts();
    // The nightly renewal scan is delayed until 02:00 UTC; the approval sweep is due at once (or delayed).
    expect(counts["scheduled-scans"].delayed + counts["scheduled-scans"].waiting).toBe(2);
  });
});
