import type { Queryable } from "../../db/pool.ts";
import type { ApprovalRequest } from "../shared/approval.ts";
import type { DecisionRecord } from "../shared/decision.ts";
import { INSERT_APPROVAL, INSERT_EVENT, UPSERT_DECISION } from "./sql.ts";

/** Write (or rewrite) a run's one decision record, and note it in the append-only history (one statement). */
export async function saveDecision(q: Queryable, record: DecisionRecord): Promise<void> {
  await q.query(UPSERT_DECISION, [
    record.runId,
    record.tenantId,
    record.agent,
    record.subject.type,
    record.subject.id,
    record.status,
    record.decision,
    record.score,
    record.mode,
    record.modelVersion,
    JSON.stringify(record),
    JSON.stringify({ status: record.status, decision: record.decision }),
  ]);
}

export async function appendEvent(
  q: Queryable,
  tenantId: string,
  runId: string,
  type: string,
  actor: string,
  payload: Record<string, unknown> = {},
): Promise<void> {
  await q.query(INSERT_EVENT, [tenantId, runId, type, actor, JSON.stringify(payload)]);
}

/** Open an approval for a waiting run (idempotent: the same interrupt never opens two). */
export async function openApproval(
  q: Queryable,
  record: DecisionRecord,
  request: ApprovalRequest,
  approvalId: string,
  dueAt: Date,
): Promise<void> {
  await q.query(INSERT_APPROVAL, [
    approvalId,
    record.tenantId,
    record.runId,
    record.agent,
    record.subject.type,
    record.subject.id,
    request.requiredRole,
    JSON.stringify(request),
    dueAt.toISOString(),
  ]);
}
