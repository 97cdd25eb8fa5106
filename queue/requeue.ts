import { isAppError } from "../core/errors.ts";
import { log } from "../core/log.ts";
import type { Db } from "../db/pool.ts";
import { QUEUES } from "./names.ts";
import { toJobId, type JobQueue } from "./types.ts";

/**
 * Runs that no job will ever execute: still `queued` a while after creation (the enqueue
 * failed during a Redis outage, Redis restarted and lost its jobs, or an inline server
 * restarted and lost its in-memory queue), or `running` with a lease that expired (the
 * process died mid-run) or was released without an attempt to follow (an approval answer
 * recorded, then the resume failed on a dropped connection). Re-enqueueing is safe:
 * jobId = runId makes it a no-op while a job is waiting or active, and the runtime's claim
 * (agents/runtime/sql.ts CLAIM_RUN) only takes queued runs or free leases.
 */
export const SQL_STRANDED_RUNS = `
SELECT tenant_id, id FROM agent_runs
WHERE (status = 'queued' AND created_at < now() - ($1::int * interval '1 second'))
   OR (status = 'running' AND lease_until < now() - ($1::int * interval '1 second'))
   OR (status = 'running' AND lease_until IS NULL AND updated_at < now() - ($1::int * interval '1 second'))
ORDER BY created_at
LIMIT $2`;

/** Grace before a queued run counts as stranded, in seconds. */
export const STRANDED_AFTER_S = 60;

export async function requeueStranded(deps: { db: Db; queue: JobQueue }, opts: { graceSeconds?: number | undefined; limit?: number | undefined } = {}): Promise<{ requeued: number }> {
  const { rows } = await deps.db.pool.query<{ tenant_id: string; id: string }>(SQL_STRANDED_RUNS, [opts.graceSeconds ?? STRANDED_AFTER_S, opts.limit ?? 1_000]);
  // A completed job with the run's id is kept for a day and would swallow the add: it
  // finished without finishing the run (its attempt found the lease taken), so start anew.
  for (const r of rows) await deps.queue.add(QUEUES.agentRuns, { tenantId: r.tenant_id, runId: r.id }, { jobId: toJobId(r.id), restartCompleted: true });
  return { requeued: rows.length };
}

/**
 * Enqueue a run the API just recorded. The run is already durable in Postgres, so a Redis
 * outage does not lose it: the stranded-run sweep (queued again the moment Redis is back,
 * see bullmq.ts) enqueues it, and the caller can still answer 202 instead of a 503 that
 * would invite a retry, hence a second run. Returns false when it could not be queued now.
 */
export async function enqueueRun(queue: JobQueue, tenantId: string, runId: string): Promise<boolean> {
  try {
    await queue.add(QUEUES.agentRuns, { tenantId, runId }, { jobId: toJobId(runId) });
    return true;
  } catch (err) {
    if (!isAppError(err) || err.code !== "QUEUE_UNAVAILABLE") throw err;
    log.warn("run recorded but not queued (the queue is unavailable); the stranded-run sweep will queue it", { tenantId, runId, error: err.message });
    return false;
  }
}
