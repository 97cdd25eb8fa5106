import { AppError } from "../../core/errors.ts";
import { withTransaction } from "../../db/pool.ts";
import type { AgentName } from "../../cases/schema.ts";
import { HumanAnswer, mayDecide } from "../shared/approval.ts";
import type { ApprovalFilter, ApprovalView, DecideRequest } from "../shared/runtime-types.ts";
import type { CommonStateValues } from "../shared/state.ts";
import type { RuntimeContext } from "./context.ts";
import { writeEvalCase } from "./eval-cases.ts";
import type { GraphCache } from "./graphs.ts";
import { appendEvent } from "./persist.ts";
import { DECIDE_APPROVAL, ESCALATE_STALE, EXPIRE_STALE, SELECT_APPROVAL, type ApprovalRow } from "./sql.ts";
import { approvalView } from "./views.ts";

export async function listApprovals(ctx: RuntimeContext, tenantId: string, f: ApprovalFilter): Promise<ApprovalView[]> {
  const where = ["tenant_id = $1"];
  const args: unknown[] = [tenantId];
  if (f.status) where.push(`status = $${args.push(f.status)}`);
  if (f.agent) where.push(`agent = $${args.push(f.agent)}`);
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 500);
  const { rows } = await ctx.db.pool.query<ApprovalRow>(`SELECT * FROM approvals WHERE ${where.join(" AND ")} ORDER BY created_at DESC LIMIT ${limit}`, args);
  return rows.map(approvalView);
}

export async function getApproval(ctx: RuntimeContext, tenantId: string, id: string): Promise<ApprovalRow | undefined> {
  return (await ctx.db.pool.query<ApprovalRow>(SELECT_APPROVAL, [tenantId, id])).rows[0];
}

/**
 * Take a person's answer: role checked, answer validated, stored exactly once (a second
 * answer is a CONFLICT). Overrides and rejects become eval cases. The caller then resumes
 * the run (inline or through the queue); the stored answer makes that resume crash-safe.
 */
export async function recordAnswer(ctx: RuntimeContext, cache: GraphCache, req: DecideRequest): Promise<{ runId: string }> {
  const row = await getApproval(ctx, req.tenantId, req.approvalId);
  if (!row) throw new AppError("NOT_FOUND", `no approval "${req.approvalId}"`);
  if (row.status === "decided" || row.status === "expired") throw new AppError("APPROVAL_STATE", `approval "${req.approvalId}" is already ${row.status}`);
  if (!mayDecide(req.by.role, row.required_role)) {
    throw new AppError("FORBIDDEN", `a ${req.by.role} cannot decide this approval: it needs a ${row.required_role}`);
  }
  if (req.answer === "override" && !req.override) throw new AppError("INPUT_INVALID", "an override needs `override.decision`");
  if (req.answer === "edit" && !req.edits) throw new AppError("INPUT_INVALID", "an edit needs `edits` (new params per action id)");
  const answer = HumanAnswer.parse({
    answer: req.answer,
    by: req.by.id,
    role: req.by.role,
    reasonCode: req.reasonCode,
    reasonText: req.reasonText,
    at: ctx.now().toISOString(),
    edits: req.edits,
    override: req.override,
  });
  // What the agent saw, read before the answer is taken: overrides and rejects become eval cases.
  const values =
    answer.answer === "override" || answer.answer === "reject"
      ? ((await cache.graph(row.agent as AgentName).getState({ configurable: { thread_id: row.run_id } })).values as CommonStateValues & Record<string, unknown>)
      : undefined;
  // The answer, its event, its eval case and the run's hand-over to a resume: all or nothing.
  // A dropped connection half-way would otherwise leave an answered approval on a run still
  // waiting, which no retry (409) and no sweep would ever resume.
  await withTransaction(ctx.db, async (client) => {
    const taken = await client.query<ApprovalRow>(DECIDE_APPROVAL, [req.tenantId, req.approvalId, req.by.id, JSON.stringify(answer)]);
    if (!taken.rows[0]) throw new AppError("APPROVAL_STATE", `approval "${req.approvalId}" was decided by someone else`);
    await appendEvent(client, req.tenantId, row.run_id, "approval.decided", req.by.id, { answer: answer.answer, reasonCode: answer.reasonCode, reasonText: answer.reasonText ?? null });
    if (values) await writeEvalCase(client, req.tenantId, row.agent, row.run_id, values, answer);
    await client.query(`UPDATE agent_runs SET status = 'running', lease_until = NULL, updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'waiting_approval'`, [req.tenantId, row.run_id]);
  });
  return { runId: row.run_id };
}

/** Escalate pending approvals past due to a manager; expire escalated ones past due. */
export async function expireStale(ctx: RuntimeContext, slaHours: number, now: Date): Promise<{ escalated: number; expired: number }> {
  const esc = await ctx.db.pool.query<{ tenant_id: string; run_id: string }>(ESCALATE_STALE, [now.toISOString(), slaHours]);
  for (const r of esc.rows) await appendEvent(ctx.db.pool, r.tenant_id, r.run_id, "approval.escalated", "system");
  const exp = await ctx.db.pool.query<{ tenant_id: string; run_id: string }>(EXPIRE_STALE, [now.toISOString()]);
  for (const r of exp.rows) {
    await ctx.db.pool.query(`UPDATE agent_runs SET status = 'expired', finished_at = now(), updated_at = now() WHERE tenant_id = $1 AND id = $2`, [r.tenant_id, r.run_id]);
    await ctx.db.pool.query(
      `UPDATE decisions SET status = 'expired', record = jsonb_set(record, '{status}', '"expired"'), updated_at = now() WHERE tenant_id = $1 AND run_id = $2`,
      [r.tenant_id, r.run_id],
    );
    await appendEvent(ctx.db.pool, r.tenant_id, r.run_id, "approval.expired", "system");
  }
  return { escalated: esc.rowCount ?? 0, expired: exp.rowCount ?? 0 };
}


