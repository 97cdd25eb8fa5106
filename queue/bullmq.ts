import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { AppError, errorMessage, isAppError, isPermanentError } from "../core/errors.ts";
import { log } from "../core/log.ts";
import { APPROVAL_SWEEP, NIGHTLY_RENEWAL_SCAN, QUEUE_NAMES, QUEUES, type QueueName } from "./names.ts";
import { RETRY } from "./retry.ts";
import type { AddJobOptions, JobContext, JobHandlers, JobInfo, JobPayloads, JobQueue, JobState, QueueCounts } from "./types.ts";

/**
 * BullMQ on Redis: the API produces, `scenario worker` processes, on as many machines as
 * needed. No double execution: agent-run jobs use jobId = runId, so BullMQ keeps one job
 * per run however often it is enqueued (webhook retries, the nightly scan, a double
 * click), one worker holds its lock at a time, and a stalled job (worker killed) is
 * handed to another worker, where `executeRun` resumes from the run's checkpoint.
 */
export interface BullOptions {
  url: string;
  /** Key prefix, `bull` by default; tests use a fresh one per test. */
  prefix?: string | undefined;
  backoffMs?: number | undefined;
  attempts?: number | undefined;
}

const KEEP_COMPLETED = { age: 24 * 3600, count: 5_000 };
const KEEP_FAILED = { age: 14 * 24 * 3600 };

export function createBullQueue(opts: BullOptions): JobQueue {
  // Producer connection: fail fast, no offline queue (BullMQ's production advice) — an HTTP
  // request answers at once during a Redis outage instead of waiting on reconnects.
  const connection = new Redis(opts.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: reconnectDelay });
  connection.on("error", (err) => log.warn("redis connection error", { error: errorMessage(err) }));
  const prefix = opts.prefix ?? "bull";
  const queues = new Map<QueueName, Queue>(
    QUEUE_NAMES.map((name) => [
      name,
      new Queue(name, {
        connection,
        prefix,
        defaultJobOptions: {
          attempts: opts.attempts ?? RETRY.attempts,
          backoff: { type: "exponential", delay: opts.backoffMs ?? RETRY.backoffMs },
          removeOnComplete: KEEP_COMPLETED,
          removeOnFail: KEEP_FAILED,
        },
      }),
    ]),
  );
  const q = (name: QueueName) => queues.get(name) as Queue;
  for (const queue of queues.values()) queue.on("error", (err) => log.warn("queue error", { queue: queue.name, error: errorMessage(err) }));

  const unavailable = (err: unknown) =>
    new AppError("QUEUE_UNAVAILABLE", `The job queue (Redis) is unavailable: ${errorMessage(err)}`, {}, { cause: err });
  /** Every Redis call of the producer: a lost connection becomes a 503 problem, not a 500. */
  const guarded = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw isAppError(err) ? err : unavailable(err);
    }
  };

  const scheduleRecurring = async () => {
    // Job schedulers are keyed by id in Redis: every process may call this, one schedule results.
    const scans = q(QUEUES.scheduledScans);
    await scans.upsertJobScheduler(NIGHTLY_RENEWAL_SCAN.id, { pattern: NIGHTLY_RENEWAL_SCAN.pattern, tz: "UTC" }, { name: "renewal-scan", data: { kind: "renewal-scan" } });
    await scans.upsertJobScheduler(APPROVAL_SWEEP.id, { every: APPROVAL_SWEEP.everyMs }, { name: "approval-sweep", data: { kind: "approval-sweep" } });
  };
  let recurring = false;
  let connectedBefore = false;
  connection.on("ready", () => {
    if (connectedBefore && recurring) void recoverAfterOutage().catch((err) => log.warn("recovery after a Redis outage failed", { error: errorMessage(err) }));
    connectedBefore = true;
  });
  /**
   * Redis is back. If it restarted empty, the schedulers and every job are gone: register
   * the schedulers again and sweep for stranded runs now, without the usual grace (jobId =
   * runId keeps runs whose jobs survived from being enqueued twice). One sweep per minute
   * however many processes reconnect.
   */
  const recoverAfterOutage = async () => {
    await scheduleRecurring();
    const minute = Math.floor(Date.now() / 60_000);
    await q(QUEUES.scheduledScans).add("approval-sweep", { kind: "approval-sweep", graceSeconds: 0 }, { jobId: `recovery-sweep-${minute}` });
    log.info("redis reconnected: schedulers registered, stranded-run sweep queued");
  };

  return {
    kind: "bullmq",
    add: <Q extends QueueName>(queue: Q, data: JobPayloads[Q], o?: AddJobOptions) =>
      guarded(async () => {
        if (o?.jobId && o.restartCompleted && (await q(queue).getJobState(o.jobId)) === "completed") {
          // Another sweep may have replaced it already: then this remove fails or removes a waiting duplicate, and the add below restores one job.
          await q(queue).remove(o.jobId).catch(() => 0);
        }
        const job = await q(queue).add(queue, data, o?.jobId ? { jobId: o.jobId } : {});
        return { id: String(job.id) };
      }),
    getJob: (queue, id) =>
      guarded(async () => {
        // State first, then the job: a finished state is written together with its result
        // and reason, so data read afterwards is at least as new as the state.
        const state = await q(queue).getJobState(id);
        if (state === "unknown") return undefined;
        const job = await q(queue).getJob(id);
        return job ? toInfo(queue, job, state) : undefined;
      }),
    listFailed: (queue, limit) =>
      guarded(async () => {
        const jobs = await q(queue).getFailed(0, Math.max(0, limit - 1));
        return jobs.map((j) => toInfo(queue, j as Job, "failed"));
      }),
    retryFailed: (queue, id) =>
      guarded(async () => {
        const job = await q(queue).getJob(id);
        if (!job || (await job.getState()) !== "failed") return false;
        await job.retry("failed");
        return true;
      }),
    counts: () =>
      guarded(async () => {
        const out = {} as Record<QueueName, QueueCounts>;
        for (const name of QUEUE_NAMES) {
          const c = await q(name).getJobCounts("waiting", "active", "delayed", "completed", "failed");
          out[name] = { waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, completed: c.completed ?? 0, failed: c.failed ?? 0 };
        }
        return out;
      }),
    ping: () => guarded(async () => void (await connection.ping())),
    scheduleRecurring: () =>
      guarded(async () => {
        recurring = true;
        await scheduleRecurring();
      }),
    async close() {
      await Promise.all([...queues.values()].map((x) => x.close()));
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

/** Reconnect quickly (a restarted Redis is back within a second), never give up. */
function reconnectDelay(times: number): number {
  return Math.min(times * 100, 1_000);
}

function toInfo(queue: QueueName, job: Job, state: string): JobInfo {
  const known: JobState[] = ["waiting", "active", "delayed", "completed", "failed"];
  const s = (state === "prioritized" || state === "waiting-children" ? "waiting" : state) as JobState;
  return {
    queue,
    id: String(job.id),
    state: known.includes(s) ? s : "unknown",
    data: job.data,
    attempts: job.attemptsMade,
    failedReason: job.failedReason || undefined,
    result: job.returnvalue ?? undefined,
    createdAt: new Date(job.timestamp).toISOString(),
    finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : undefined,
  };
}

export interface WorkerPool {
  workers: Worker[];
  /** Let running jobs finish, then disconnect (SIGTERM). */
  close(): Promise<void>;
}

/** Start one BullMQ worker per queue with the shared handlers. */
export interface WorkerOptions extends BullOptions {
  concurrency: number;
  handlers: JobHandlers;
  queues?: readonly QueueName[] | undefined;
  /** How long a job's lock lives without renewal: a killed worker's job is reclaimed after it. */
  lockDurationMs?: number | undefined;
  /** How often this worker looks for stalled jobs (locks that expired). */
  stalledIntervalMs?: number | undefined;
}

/**
 * Stalls tolerated before a job fails: a worker killed mid-run (deploy, OOM, SIGKILL) gives
 * its job to another worker, where executeRun resumes from the checkpoint; a job that kills
 * workers again and again ends in the dead-letter view instead of looping.
 */
const MAX_STALLED = 2;

export function startBullWorkers(opts: WorkerOptions): WorkerPool {
  const workers = (opts.queues ?? QUEUE_NAMES).map((name) => {
    // Workers block on Redis: BullMQ requires maxRetriesPerRequest: null on their connection.
    const connection = new Redis(opts.url, { maxRetriesPerRequest: null, retryStrategy: reconnectDelay });
    connection.on("error", (err) => log.warn("redis connection error", { error: errorMessage(err) }));
    const handler = opts.handlers[name] as (data: unknown, ctx: JobContext) => Promise<unknown>;
    const worker = new Worker(
      name,
      async (job: Job) => {
        try {
          const attempt = job.attemptsMade + 1;
          return await handler(job.data, { jobId: String(job.id), attempt, finalAttempt: attempt >= (job.opts.attempts ?? 1) });
        } catch (err) {
          // A retry cannot fix bad input: straight to the dead-letter view.
          if (isPermanentError(err)) throw new UnrecoverableError(errorMessage(err));
          throw err;
        }
      },
      {
        connection,
        prefix: opts.prefix ?? "bull",
        concurrency: opts.concurrency,
        maxStalledCount: MAX_STALLED,
        ...(opts.lockDurationMs ? { lockDuration: opts.lockDurationMs } : {}),
        ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
      },
    );
    worker.on("failed", (job, err) => log.warn("job failed", { queue: name, jobId: job?.id, attempts: job?.attemptsMade, error: errorMessage(err) }));
    worker.on("error", (err) => log.warn("worker error", { queue: name, error: errorMessage(err) }));
    return { worker, connection };
  });
  return {
    workers: workers.map((w) => w.worker),
    async close() {
      await Promise.all(workers.map((w) => w.worker.close()));
      await Promise.all(workers.map((w) => w.connection.quit().catch(() => w.connection.disconnect())));
    },
  };
}
