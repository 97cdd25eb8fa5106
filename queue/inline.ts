import { randomUUID } from "node:crypto";
import { AppError, errorMessage, isPermanentError } from "../core/errors.ts";
import { log } from "../core/log.ts";
import { APPROVAL_SWEEP, NIGHTLY_RENEWAL_SCAN, QUEUE_NAMES, type QueueName } from "./names.ts";
import { backoffDelay, RETRY } from "./retry.ts";
import type { AddJobOptions, JobContext, JobHandlers, JobInfo, JobPayloads, JobQueue, QueueCounts } from "./types.ts";

/**
 * Jobs without Redis: the same handlers run in this process, in the background, with at
 * most `concurrency` at a time, retried with exponential backoff like BullMQ. Job records
 * live in memory (the last `keep` finished ones per queue), so a restart forgets finished
 * jobs; runs themselves are durable in Postgres and `executeRun` is safe to call again.
 */
export interface InlineQueueOptions {
  concurrency: number;
  /** Base delay of the exponential backoff (tests use 1 ms). */
  backoffMs?: number;
  attempts?: number;
  keep?: number;
}

export interface InlineQueue extends JobQueue {
  /** Attach the handlers; jobs added before this wait until it is called. */
  start(handlers: JobHandlers): void;
  /** Resolves once no job is queued or running (tests, graceful shutdown). */
  idle(): Promise<void>;
}

interface Entry extends JobInfo {
  retryAt?: number;
}

export function createInlineQueue(opts: InlineQueueOptions): InlineQueue {
  const attempts = opts.attempts ?? RETRY.attempts;
  const keep = opts.keep ?? 1_000;
  const jobs = new Map<QueueName, Map<string, Entry>>(QUEUE_NAMES.map((q) => [q, new Map()]));
  const pending: Entry[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let handlers: JobHandlers | undefined;
  let running = 0;
  let closed = false;
  let idleWaiters: Array<() => void> = [];
  let nightly: NodeJS.Timeout | undefined;
  let sweep: NodeJS.Timeout | undefined;

  const isIdle = () => running === 0 && pending.length === 0 && timers.size === 0;
  const notifyIdle = () => {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  function pump(): void {
    while (handlers && !closed && running < opts.concurrency && pending.length > 0) {
      const entry = pending.shift() as Entry;
      running++;
      void execute(entry).finally(() => {
        running--;
        pump();
        notifyIdle();
      });
    }
  }

  async function execute(entry: Entry): Promise<void> {
    const handler = handlers?.[entry.queue] as ((d: unknown, c: JobContext) => Promise<unknown>) | undefined;
    if (!handler) return;
    entry.state = "active";
    entry.attempts++;
    try {
      entry.result = await handler(entry.data, { jobId: entry.id, attempt: entry.attempts, finalAttempt: entry.attempts >= attempts });
      entry.state = "completed";
      entry.finishedAt = new Date().toISOString();
    } catch (err) {
      entry.failedReason = errorMessage(err);
      if (!closed && !isPermanentError(err) && entry.attempts < attempts) {
        entry.state = "delayed";
        const timer = setTimeout(() => {
          timers.delete(timer);
          entry.state = "waiting";
          pending.push(entry);
          pump();
          notifyIdle();
        }, backoffDelay(entry.attempts, opts.backoffMs));
        timer.unref();
        timers.add(timer);
      } else {
        entry.state = "failed";
        entry.finishedAt = new Date().toISOString();
        log.warn("job failed", { queue: entry.queue, jobId: entry.id, attempts: entry.attempts, reason: entry.failedReason });
      }
    }
    prune(entry.queue);
  }

  function prune(queue: QueueName): void {
    const map = jobs.get(queue) as Map<string, Entry>;
    if (map.size <= keep) return;
    for (const [id, e] of map) {
      if (map.size <= keep) break;
      if (e.state === "completed" || e.state === "failed") map.delete(id);
    }
  }

  const view = (e: Entry): JobInfo => {
    const { retryAt: _ignored, ...info } = e;
    return { ...info };
  };

  return {
    kind: "inline",
    start(h) {
      handlers = h;
      pump();
    },
    async add<Q extends QueueName>(queue: Q, data: JobPayloads[Q], o?: AddJobOptions) {
      if (closed) throw new AppError("QUEUE_UNAVAILABLE", "The job queue is shutting down; try again shortly.");
      const map = jobs.get(queue) as Map<string, Entry>;
      const id = o?.jobId ?? randomUUID();
      const existing = map.get(id);
      // Same id while the job exists = the same job (BullMQ semantics); a failed one may be re-added.
      if (existing && existing.state !== "failed" && !(o?.restartCompleted && existing.state === "completed")) return { id };
      const entry: Entry = { queue, id, state: "waiting", data, attempts: 0, createdAt: new Date().toISOString() };
      map.set(id, entry);
      pending.push(entry);
      pump();
      return { id };
    },
    async getJob(queue, id) {
      const e = jobs.get(queue)?.get(id);
      return e ? view(e) : undefined;
    },
    async listFailed(queue, limit) {
      const out = [...(jobs.get(queue)?.values() ?? [])].filter((e) => e.state === "failed");
      return out.slice(-limit).reverse().map(view);
    },
    async retryFailed(queue, id) {
      const e = jobs.get(queue)?.get(id);
      if (!e || e.state !== "failed" || closed) return false;
      e.state = "waiting";
      e.attempts = 0;
      e.failedReason = undefined;
      e.finishedAt = undefined;
      pending.push(e);
      pump();
      return true;
    },
    async counts() {
      const out = {} as Record<QueueName, QueueCounts>;
      for (const q of QUEUE_NAMES) {
        const c: QueueCounts = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
        for (const e of jobs.get(q)?.values() ?? []) if (e.state !== "unknown") c[e.state]++;
        out[q] = c;
      }
      return out;
    },
    async ping() {
      if (closed) throw new AppError("QUEUE_UNAVAILABLE", "The inline job queue is closed.");
    },
    async scheduleRecurring() {
      if (nightly) return;
      sweep = setInterval(() => {
        void this.add("scheduled-scans", { kind: "approval-sweep" }, { jobId: `approval-sweep-${Date.now()}` }).catch(() => {});
      }, APPROVAL_SWEEP.everyMs);
      sweep.unref();
      const arm = () => {
        const now = new Date();
        const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), NIGHTLY_RENEWAL_SCAN.hourUtc));
        if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
        nightly = setTimeout(() => {
          const day = new Date().toISOString().slice(0, 10);
          void this.add("scheduled-scans", { kind: "renewal-scan" }, { jobId: `renewal-scan-${day}` }).catch(() => {});
          arm();
        }, next.getTime() - now.getTime());
        nightly.unref();
      };
      arm();
    },
    idle() {
      return isIdle() ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r));
    },
    async close() {
      closed = true;
      if (nightly) clearTimeout(nightly);
      if (sweep) clearInterval(sweep);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      pending.length = 0;
      if (running > 0) await new Promise<void>((r) => idleWaiters.push(r));
    },
  };
}
