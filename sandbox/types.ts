import type { AgentName } from "../cases/schema.ts";
import type { CaseIssue } from "../cases/reader.ts";
import type { Factor } from "../models/types.ts";
import type { DecisionRecord } from "../agents/shared/decision.ts";

/** The replay contract: what `scenario replay` computes and what evals consume. */

/** Fault injection for robustness evals: each rate is a probability per call. */
export interface FaultSpec {
  toolTimeoutRate: number;
  toolErrorRate: number;
  malformedModelReplyRate: number;
  seed: number;
}

/** One case's result. `actual` is read from `outcome` only after the graph has run. */
export interface ReplayDecision {
  id: string;
  /** Line in the case file. */
  line: number;
  score: number | null;
  /** "alert" / "no_alert" (renewal) or "prioritise" / "nurture" (lead triage), threshold applied; the queue for routing. */
  decision: string;
  topFactors: Factor[];
  /** Routing: predicted priority; lead triage: grade. */
  details?: Record<string, unknown>;
  /** Ground truth: churned / converted as 1/0, or the true queue/priority. */
  actual: { label?: boolean; queue?: string; priority?: string };
  latencyMs: number;
  /** Status the graph ended in (completed / blocked / failed…). */
  status: string;
  /** Faults injected and errors recovered from. */
  errors: string[];
  /** The whole decision record, when the replay was asked to keep them (`--records`). */
  record?: DecisionRecord | undefined;
}

export interface ReplayReport {
  agent: AgentName;
  model: string;
  cases: number;
  skipped: number;
  issues: CaseIssue[];
  metrics: Record<string, number>;
  latencyMs: { p50: number; p95: number; max: number };
  casesPerSecond: number;
  decisions: ReplayDecision[];
}
