/**
 * Test helper process for bullmq.int.test.ts: a worker that starts every agent-run job
 * (counting it in Redis) and never finishes it, so the test can SIGKILL it mid-run.
 * Usage: node --import tsx queue/testing-kill-worker.ts <redis url> <prefix>
 */
import { Redis } from "ioredis";
import { startBullWorkers } from "../../queue/bullmq.ts";
import type { JobHandlers } from "../../queue/types.ts";

const [url, prefix] = process.argv.slice(2) as [string, string];
const redis = new Redis(url);
const never = () => new Promise<never>(() => {});
const handlers: JobHandlers = {
  "agent-runs": async ({ runId }) => {
    await redis.incr(`${prefix}:test:started:${runId}`);
    return never();
  },
  ingestion: never,
  fits: never,
  "eval-runs": never,
  "scheduled-scans": never,
};
// Short lock and stalled-check interval (BullMQ throttles stalled checks queue-wide).
startBullWorkers({ url, prefix, concurrency: 1, handlers, queues: ["agent-runs"], lockDurationMs: 1_000, stalledIntervalMs: 300 });
process.stdout.write("ready\n");
