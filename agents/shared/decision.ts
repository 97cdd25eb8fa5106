import type { AgentName } from "../../cases/schema.ts";
import type { ActionResult, ProposedAction, SubjectRef } from "../../crm/types.ts";
import type { Factor } from "../../models/types.ts";
import type { Citation } from "../../knowledge/types.ts";

/**
 * The one decision record: every agent run writes exactly one. Briefs, the approvals inbox,
 * audits and evals all read it.
 */

/** A piece of evidence with the weight it carried in the decision. */
export interface Evidence {
  /** Where it came from: "usage", "tickets", "events", "attributes", "dedupe", "text"… */
  source: string;
  /** What a person reads: "logins down 38% over 60 days". */
  text: string;
  /** Signed contribution (log-odds) when it came from the model; absent for context. */
  weight?: number | undefined;
  /** Record ids it refers to (ticket ids, lead ids…). */
  refs?: string[] | undefined;
}

/** A knowledge-base passage the agent used, to cite: owned by the knowledge base (retrieval knows no agent). */
export type { Citation } from "../../knowledge/types.ts";

export interface Brief {
  text: string;
  /** Which drafter wrote it and with which prompt version. */
  drafter: "offline" | "llm";
  promptVersion: string;
  /** Set when the LLM was configured but its answer could not be used. */
  fallbackReason?: string | undefined;
}

export type GateVerdict = "auto" | "ask" | "block";
export interface GateOutcome {
  actionId: string;
  verdict: GateVerdict;
  reason: string;
  /** Who may decide when verdict is "ask". */
  approverRole?: "manager" | "rep" | undefined;
}

export type ApprovalAnswer = "approve" | "reject" | "edit" | "override";
export interface ApprovalEvent {
  at: string;
  by: string;
  role: string;
  answer: ApprovalAnswer;
  /** Reason code from the taxonomy plus free text. */
  reasonCode: string;
  reasonText?: string | undefined;
  /** For edit: new params per action id; for override: the replacement decision. */
  edits?: Record<string, ProposedAction["params"]> | undefined;
  override?: { decision: string; score?: number | undefined } | undefined;
}

export interface ExecutedAction extends ActionResult {
  actionId: string;
  kind: ProposedAction["kind"];
  at: string;
}

export type DecisionStatus = "running" | "waiting_approval" | "completed" | "rejected" | "overridden" | "blocked" | "failed" | "expired";

export interface DecisionRecord {
  runId: string;
  tenantId: string;
  agent: AgentName;
  graphVersion: string;
  modelVersion: string;
  promptVersion: string;
  subject: SubjectRef;
  asOf: string;
  mode: "live" | "sandbox";
  /** Probability for binary agents; class probability for routing. */
  score: number | null;
  /** The agent's call: "alert" / "no_alert", a lead grade, a queue… */
  decision: string;
  /** Agent-specific structured output (grade, queue, priority, assignee, duplicates…). */
  details: Record<string, unknown>;
  topFactors: Factor[];
  evidence: Evidence[];
  fieldsRead: string[];
  citations: Citation[];
  brief: Brief | null;
  proposedActions: ProposedAction[];
  gate: GateOutcome[];
  approvals: ApprovalEvent[];
  executed: ExecutedAction[];
  /** Milliseconds per node. */
  timings: Record<string, number>;
  errors: string[];
  status: DecisionStatus;
  startedAt: string;
  finishedAt?: string | undefined;
}
