import type { AgentName } from "../../cases/schema.ts";
import type { ProposedAction, SubjectRef } from "../../crm/types.ts";
import type { Factor } from "../../models/types.ts";
import type { Principal } from "../../core/principal.ts";
import type { ApprovalAnswer, Brief, DecisionRecord, DecisionStatus, Evidence } from "./decision.ts";

/**
 * What the server and the workers need from the agents, live. `agents/runtime.ts`
 * implements it over Postgres (runs, approvals, decisions, the LangGraph checkpointer).
 */

export interface RunRequest {
  tenantId: string;
  agent: AgentName;
  subject: SubjectRef;
  requestedBy: Principal;
  /** Decision time; default now. */
  asOf?: string | undefined;
  /** Same key → same run (webhook retries, double clicks). */
  idempotencyKey?: string | undefined;
}

export type RunStatus = "queued" | DecisionStatus;

export interface RunView {
  runId: string;
  tenantId: string;
  agent: AgentName;
  subject: SubjectRef;
  status: RunStatus;
  createdAt: string;
  updatedAt: string;
  /** Present once the graph has produced one (waiting or finished). */
  decision?: DecisionRecord | undefined;
  error?: string | undefined;
}

/** Progress of a run, streamed as Server-Sent Events; `seq` increases by one per run. */
export interface RunEvent {
  runId: string;
  seq: number;
  type: "queued" | "started" | "node" | "waiting_approval" | "resumed" | "completed" | "failed" | "requeued";
  node?: string | undefined;
  at: string;
  data?: Record<string, unknown> | undefined;
}

export type ApprovalStatus = "pending" | "decided" | "expired" | "escalated";

export interface ApprovalView {
  id: string;
  runId: string;
  tenantId: string;
  agent: AgentName;
  subject: SubjectRef;
  status: ApprovalStatus;
  /** Lowest role allowed to decide. */
  requiredRole: "rep" | "manager";
  dueAt: string;
  /** Why the policy gate asked a human. */
  reason: string;
  proposedActions: ProposedAction[];
  brief: Brief | null;
  score: number | null;
  decision: string;
  topFactors: Factor[];
  evidence: Evidence[];
  createdAt: string;
}

export interface ApprovalFilter {
  status?: ApprovalStatus | undefined;
  agent?: AgentName | undefined;
  limit?: number | undefined;
}

/** Reason taxonomy for human answers; free text goes alongside. */
export const REASON_CODES = [
  "agree",
  "wrong_score",
  "wrong_action",
  "missing_context",
  "customer_request",
  "already_handled",
  "policy",
  "other",
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface DecideRequest {
  tenantId: string;
  approvalId: string;
  by: Principal;
  answer: ApprovalAnswer;
  reasonCode: ReasonCode;
  reasonText?: string | undefined;
  /** edit: new params per action id. */
  edits?: Record<string, ProposedAction["params"]> | undefined;
  /** override: the replacement decision, e.g. { decision: "no_alert" }. */
  override?: { decision: string; score?: number | undefined } | undefined;
}

export interface DecisionFilter {
  agent?: AgentName | undefined;
  subjectType?: SubjectRef["type"] | undefined;
  subjectId?: string | undefined;
  status?: DecisionStatus | undefined;
  since?: string | undefined;
  until?: string | undefined;
  limit?: number | undefined;
}

export interface AgentRuntime {
  /** Record a run as queued (idempotent by key); executing it is a separate step (queue or inline). */
  createRun(req: RunRequest): Promise<RunView>;
  /** Run the graph until it waits for a human or finishes. Safe to call again after a crash. */
  executeRun(tenantId: string, runId: string): Promise<RunView>;
  /**
   * End a run that can no longer progress (its job was dead-lettered) as `failed` with the
   * reason. A run that already finished, or waits for a person, is left as it is.
   */
  failRun(tenantId: string, runId: string, reason: string): Promise<RunView | undefined>;
  /** Put a failed run back to `queued` (an admin retries its dead-lettered job); false when it is not failed. */
  reopenRun(tenantId: string, runId: string, by: Principal): Promise<boolean>;
  getRun(tenantId: string, runId: string): Promise<RunView | undefined>;
  listRunEvents(tenantId: string, runId: string, afterSeq?: number): Promise<RunEvent[]>;
  listApprovals(tenantId: string, filter: ApprovalFilter): Promise<ApprovalView[]>;
  getApproval(tenantId: string, approvalId: string): Promise<ApprovalView | undefined>;
  /** Answer an approval and resume the graph (FORBIDDEN when the role is too low). */
  decide(req: DecideRequest): Promise<RunView>;
  getDecision(tenantId: string, runId: string): Promise<DecisionRecord | undefined>;
  listDecisions(tenantId: string, filter: DecisionFilter): Promise<DecisionRecord[]>;
  /** Escalate or expire approvals past their due time; returns how many changed. */
  expireStale(now?: Date): Promise<{ escalated: number; expired: number }>;
}
