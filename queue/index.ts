import { createBullQueue, startBullWorkers, type WorkerPool } from "./bullmq.ts";
import { createInlineQueue, type InlineQueue } from "./inline.ts";
import type { JobQueue } from "./types.ts";

export { QUEUES, QUEUE_NAMES, isQueueName, type QueueName } from "./names.ts";
export type { JobQueue, JobHandlers, JobInfo, JobPayloads, IngestDocument } from "./types.ts";
export { toJobId } from "./types.ts";
export { createJobHandlers, type JobServices } from "./handlers.ts";
export { createInlineQueue, type InlineQueue, createBullQueue, startBullWorkers, type WorkerPool };

/**
 * The queue for this process: BullMQ when a Redis URL is given, otherwise inline (jobs run
 * in-process; call `start(handlers)` on it).
 */
export function createJobQueue(opts: { redisUrl?: string | undefined; concurrency: number }): JobQueue | InlineQueue {
  return opts.redisUrl ? createBullQueue({ url: opts.redisUrl }) : createInlineQueue({ concurrency: opts.concurrency });
}

export function isInlineQueue(q: JobQueue): q is InlineQueue {
  return q.kind === "inline";
}
