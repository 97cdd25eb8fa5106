import type { Db } from "../db/pool.ts";
import { QUEUES } from "./names.ts";
import { toJobId, type JobQueue } from "./types.ts";

/**
 * Runs that no job will ever execute: still `queued` a while after creation (the enqueue
 * failed during a Redis outage, or an inline server restarted and lost its in-memory
 * queue), or `running` with an expired lease (the process died mid-run). Re-enqueueing
 * is safe: jobId = runId makes it a no-op while a job exists, and the runtime's claim
 * (agents/runtime/sql.ts CLAIM_RUN) only takes queued runs or expired leases.
 */
export const SQL_STRANDED_RUNS = `
SELECT tenant_id, id FROM agent_runs
WHERE (status = 'queued' AND created_at < now() - ($1::int * interval '1 second'))
   OR (status = 'running' AND lease_until < now() - ($1::int * interval '1 second'))
ORDER BY created_at
LIMIT $2`;

/** Grace before a queued run counts as stranded, in seconds. */
export const STRANDED_AFTER_S = 60;

export async function requeueStranded(deps: { db: Db; queue: JobQueue }, opts: { graceSeconds?: number; limit?: number } = {}): Promise<{ requeued: number }> {
  const { rows } = await deps.db.pool.query<{ tenant_id: string; id: string }>(SQL_STRANDED_RUNS, [opts.graceSeconds ?? STRANDED_AFTER_S, opts.limit ?? 1_000]);
  for (const r of rows) await deps.queue.add(QUEUES.agentRuns, { tenantId: r.tenant_id, runId: r.id }, { jobId: toJobId(r.id) });
  return { requeued: rows.length };
}
