/**
 * Every queue the product uses, at a glance. Producers (API, scheduler) and consumers
 * (workers, the inline runner) refer to queues only through this constant.
 */
export const QUEUES = {
  /** Execute one agent run: `runtime.executeRun(tenantId, runId)`. jobId = runId. */
  agentRuns: "agent-runs",
  /** Ingest documents into the knowledge base. */
  ingestion: "ingestion",
  /** Fit a decision model on case outcomes. */
  fits: "fits",
  /** Run an eval suite and keep its report as the job result. */
  evalRuns: "eval-runs",
  /** Scheduled scans, e.g. the nightly renewal scan. */
  scheduledScans: "scheduled-scans",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** All queue names, in a stable order (metrics, dead-letter view, worker start-up). */
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QUEUES);

export function isQueueName(value: string): value is QueueName {
  return (QUEUE_NAMES as readonly string[]).includes(value);
}

/** Job scheduler id and cron pattern of the nightly renewal scan (02:00 UTC). */
export const NIGHTLY_RENEWAL_SCAN = { id: "nightly-renewal-scan", pattern: "0 2 * * *", hourUtc: 2 } as const;

/**
 * Every 5 minutes: approvals past their SLA are escalated or expired, and stranded runs
 * (queued but never enqueued, or their worker died) are enqueued again.
 */
export const APPROVAL_SWEEP = { id: "approval-sla-sweep", everyMs: 5 * 60_000 } as const;
