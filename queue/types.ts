import type { AgentName } from "../cases/schema.ts";
import type { QueueName } from "./names.ts";

/** A document handed to knowledge ingestion through the API (text, not a server path). */
export interface IngestDocument {
  name: string;
  title?: string | undefined;
  /** Text formats (Markdown, plain text, HTML). */
  text?: string | undefined;
  /** Binary formats (PDF): the file's bytes, base64. Exactly one of the two. */
  contentBase64?: string | undefined;
}

/** The payload of each queue's jobs. Plain JSON: it travels through Redis. */
export interface JobPayloads {
  "agent-runs": { tenantId: string; runId: string };
  ingestion: { tenantId: string; documents: IngestDocument[]; labels?: string[] | undefined; requestedBy: string };
  fits: { tenantId: string; agent: AgentName; params: Record<string, unknown>; requestedBy: string };
  "eval-runs": { tenantId: string; spec: Record<string, unknown>; requestedBy: string };
  "scheduled-scans":
    | { kind: "renewal-scan"; tenantId?: string | undefined; windowDays?: number | undefined }
    | { kind: "approval-sweep"; /** Stranded-run grace in seconds (default STRANDED_AFTER_S); 0 after a Redis outage. */ graceSeconds?: number | undefined };
}

export type JobState = "waiting" | "active" | "delayed" | "completed" | "failed" | "unknown";

/** What the API shows of a job (status pages, the dead-letter view). */
export interface JobInfo {
  queue: QueueName;
  id: string;
  state: JobState;
  data: unknown;
  /** Attempts made so far. */
  attempts: number;
  failedReason?: string | undefined;
  result?: unknown;
  createdAt: string;
  finishedAt?: string | undefined;
}

export interface JobContext {
  jobId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** No attempt follows this one: if it fails, the job is dead-lettered. */
  finalAttempt: boolean;
}

/** One handler per queue; the same code runs in a BullMQ worker and inline. */
export type JobHandlers = { [Q in QueueName]: (data: JobPayloads[Q], ctx: JobContext) => Promise<unknown> };

export interface AddJobOptions {
  /** Deduplication: a second add with the same id while the job exists is a no-op. */
  jobId?: string | undefined;
  /**
   * When a *completed* job with this id is still kept, remove it and add the job anew
   * (re-enqueueing a stranded run). Failed jobs stay in the dead-letter view either way.
   */
  restartCompleted?: boolean | undefined;
}

/** Counts per state for one queue (metrics, readiness). */
export type QueueCounts = Record<"waiting" | "active" | "delayed" | "completed" | "failed", number>;

/** The producer side the server and the scheduler use; two implementations (BullMQ, inline). */
export interface JobQueue {
  readonly kind: "bullmq" | "inline";
  add<Q extends QueueName>(queue: Q, data: JobPayloads[Q], opts?: AddJobOptions): Promise<{ id: string }>;
  getJob(queue: QueueName, id: string): Promise<JobInfo | undefined>;
  /** Dead-letter view: jobs that failed for good (attempts exhausted or unrecoverable). */
  listFailed(queue: QueueName, limit: number): Promise<JobInfo[]>;
  /** Put a failed job back in the queue. */
  retryFailed(queue: QueueName, id: string): Promise<boolean>;
  counts(): Promise<Record<QueueName, QueueCounts>>;
  /** Throws QUEUE_UNAVAILABLE when the backend cannot be reached. */
  ping(): Promise<void>;
  /** Register the recurring jobs: nightly renewal scan, approval SLA sweep (idempotent). */
  scheduleRecurring(): Promise<void>;
  /** Stop accepting work and wait for running jobs (inline) or close connections (BullMQ). */
  close(): Promise<void>;
}

/** BullMQ job ids may not contain ':' nor be integers; run ids are used as job ids. */
export function toJobId(id: string): string {
  const safe = id.replaceAll(":", "_");
  return /^\d+$/.test(safe) ? `j${safe}` : safe;
}
