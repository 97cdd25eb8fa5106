import type { DecisionRecord } from "./decision.ts";
import { unionFields } from "./nodes/policy-gate.ts";
import type { AgentDeps } from "./deps.ts";
import type { CommonStateValues } from "./state.ts";

/** Versions an agent stamps on its records. */
export interface AgentVersions {
  graphVersion: string;
  promptVersion: string;
}

/** Build the one decision record from graph state (also used for a run waiting at the veto). */
export function buildDecisionRecord(
  state: CommonStateValues,
  deps: AgentDeps,
  versions: AgentVersions,
  startedAt: string,
  finished: boolean,
): DecisionRecord {
  return {
    runId: deps.runId,
    tenantId: deps.tenantId,
    agent: deps.agent,
    graphVersion: versions.graphVersion,
    modelVersion: deps.model?.id ?? "none",
    promptVersion: state.brief?.promptVersion ?? versions.promptVersion,
    subject: state.subject,
    asOf: state.asOf,
    mode: deps.port.mode,
    score: state.score,
    decision: state.decision,
    details: withoutKeys(state.details, ["fieldsRead"]),
    topFactors: state.topFactors,
    evidence: state.evidence,
    fieldsRead: unionFields(state.details.fieldsRead, deps.port.fieldsRead()),
    citations: state.citations,
    brief: state.brief,
    proposedActions: state.proposedActions,
    gate: state.gate,
    approvals: state.approvals,
    executed: state.executed,
    timings: state.timings,
    errors: state.errors,
    status: state.status,
    startedAt,
    ...(finished ? { finishedAt: deps.now().toISOString() } : {}),
  };
}

function withoutKeys(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}
