import type { AgentName } from "../../cases/schema.ts";
import type { ApprovalRequest } from "../shared/approval.ts";
import type { DecisionRecord } from "../shared/decision.ts";
import type { ApprovalView, RunEvent, RunStatus, RunView } from "../shared/runtime-types.ts";
import type { ApprovalRow, RunRow } from "./sql.ts";

/** Row → API view mappings, kept in one place. */
export function runView(row: RunRow, decision?: DecisionRecord): RunView {
  return {
    runId: row.id,
    tenantId: row.tenant_id,
    agent: row.agent as AgentName,
    subject: { type: row.subject_type, id: row.subject_id },
    status: row.status as RunStatus,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    ...(decision ? { decision } : {}),
    ...(row.error ? { error: row.error } : {}),
  };
}

export function approvalView(row: ApprovalRow): ApprovalView {
  const p = row.payload as ApprovalRequest;
  return {
    id: row.id,
    runId: row.run_id,
    tenantId: row.tenant_id,
    agent: row.agent as AgentName,
    subject: { type: row.subject_type, id: row.subject_id },
    status: row.status,
    requiredRole: row.required_role,
    dueAt: new Date(row.due_at).toISOString(),
    reason: p.reason,
    proposedActions: p.proposedActions,
    brief: p.brief,
    score: p.score,
    decision: p.decision,
    topFactors: p.topFactors,
    evidence: p.evidence,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

const EVENT_TYPES = new Set(["queued", "started", "node", "waiting_approval", "resumed", "completed", "failed", "requeued"]);

/** decision_events rows of type `run.<x>` become the run's progress events, numbered 1, 2, 3… */
export function runEvents(runId: string, rows: { type: string; payload: unknown; at: Date }[]): RunEvent[] {
  const out: RunEvent[] = [];
  for (const r of rows) {
    const kind = r.type.startsWith("run.") ? r.type.slice(4) : "";
    if (!EVENT_TYPES.has(kind)) continue;
    const payload = (r.payload ?? {}) as Record<string, unknown>;
    out.push({
      runId,
      seq: out.length + 1,
      type: kind as RunEvent["type"],
      at: new Date(r.at).toISOString(),
      ...(typeof payload.node === "string" ? { node: payload.node } : {}),
      data: payload,
    });
  }
  return out;
}
