import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, type TestDb } from "../../test/db.ts";
import { createRuntime, type LiveRuntime } from "./runtime.ts";
import { manager, rep, seedRuntimeTenant } from "../../test/runtime-tenant.ts";

let t: TestDb;
let runtime: LiveRuntime;
let accountId: string;

beforeEach(async () => {
  t = await openTestDb();
  ({ accountId } = await seedRuntimeTenant(t.db));
  runtime = await createRuntime({ db: t.db, llm: undefined });
});
afterEach(() => t.cleanup());

const effects = async () => (await t.db.pool.query<{ kind: string; params: Record<string, unknown> }>(`SELECT kind, params FROM crm_actions WHERE tenant_id = 't1' ORDER BY kind`)).rows;

async function waitingRun() {
  const run = await runtime.createRun({ tenantId: "t1", agent: "renewal-risk", subject: { type: "account", id: accountId }, requestedBy: rep() });
  const waiting = await runtime.executeRun("t1", run.runId);
  const [approval] = await runtime.listApprovals("t1", { status: "pending" });
  return { run: waiting, approval: approval! };
}

describe("live runtime: human veto on Postgres", () => {
  it("waits at the veto with nothing executed, then resumes in a new runtime (as after a restart)", async () => {
    // Given a run that reached the veto
    const { run, approval } = await waitingRun();
    expect(run.status).toBe("waiting_approval");
    expect(approval).toMatchObject({ runId: run.runId, requiredRole: "manager", decision: "alert" });
    expect(approval.proposedActions.length).toBeGreaterThan(0);
    expect(approval.brief?.text).toMatch(/renewal risk/);
    expect(await effects()).toEqual([]);
    // When a fresh runtime (new checkpointer, new graphs) takes the manager's approval
    const restarted = await createRuntime({ db: t.db, llm: undefined });
    const done = await restarted.decide({ tenantId: "t1", approvalId: approval.id, by: manager(), answer: "approve", reasonCode: "agree", reasonText: "go" });
    // Then the graph resumes from its checkpoint and every approved action runs once
    expect(done.status).toBe("completed");
    expect(done.decision?.approvals[0]).toMatchObject({ by: "mgr-1", answer: "approve", reasonCode: "agree", reasonText: "go" });
    expect(done.decision?.fieldsRead).toEqual(expect.arrayContaining(["account.arr", "usage.value", "tickets.escalated"]));
    expect((await effects()).map((e) => e.kind).sort()).toEqual(done.decision!.executed.map((e) => e.kind).sort());
    const events = await restarted.listRunEvents("t1", run.runId);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["queued", "started", "node", "waiting_approval", "resumed", "completed"]));
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it("refuses a rep deciding what needs a manager", async () => {
    const { approval } = await waitingRun();
    await expect(runtime.decide({ tenantId: "t1", approvalId: approval.id, by: rep(), answer: "approve", reasonCode: "agree" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("reject executes nothing and becomes an eval case", async () => {
    const { approval } = await waitingRun();
    const done = await runtime.decide({ tenantId: "t1", approvalId: approval.id, by: manager(), answer: "reject", reasonCode: "wrong_action", reasonText: "they just renewed" });
    expect(done.status).toBe("rejected");
    expect(await effects()).toEqual([]);
    const ev = await t.db.pool.query(`SELECT source, label, reason_code FROM eval_cases WHERE run_id = $1`, [done.runId]);
    expect(ev.rows[0]).toMatchObject({ source: "reject", reason_code: "wrong_action" });
  });

  it("edit changes the action's parameters before it runs", async () => {
    const { approval } = await waitingRun();
    const email = approval.proposedActions.find((a) => a.kind === "draft_email")!;
    const body = "Hi Dana, can we meet on Tuesday to plan your renewal?";
    const done = await runtime.decide({ tenantId: "t1", approvalId: approval.id, by: manager(), answer: "edit", reasonCode: "wrong_action", edits: { [email.id]: { body } } });
    expect(done.status).toBe("completed");
    const applied = (await effects()).find((e) => e.kind === "draft_email");
    expect(applied?.params.body).toBe(body);
  });

  it("override replaces the decision, runs nothing and writes a replayable labelled case", async () => {
    const { approval } = await waitingRun();
    const done = await runtime.decide({
      tenantId: "t1", approvalId: approval.id, by: manager(), answer: "override", reasonCode: "already_handled",
      reasonText: "signed a 3-year renewal yesterday", override: { decision: "no_alert" },
    });
    expect(done.decision).toMatchObject({ status: "overridden", decision: "no_alert" });
    expect(await effects()).toEqual([]);
    const ev = await t.db.pool.query<{ case_data: { case: { outcome: unknown; account: { id: string } } } }>(`SELECT case_data FROM eval_cases WHERE run_id = $1`, [done.runId]);
    expect(ev.rows[0]?.case_data.case).toMatchObject({ agent: "renewal-risk", account: { id: accountId }, outcome: { churned: false } });
  });

  it("a second answer is refused and a repeated execute changes nothing", async () => {
    const { approval, run } = await waitingRun();
    await runtime.decide({ tenantId: "t1", approvalId: approval.id, by: manager(), answer: "approve", reasonCode: "agree" });
    const before = await effects();
    await expect(runtime.decide({ tenantId: "t1", approvalId: approval.id, by: manager(), answer: "approve", reasonCode: "agree" })).rejects.toMatchObject({ code: "APPROVAL_STATE" });
    await runtime.executeRun("t1", run.runId);
    expect(await effects()).toEqual(before);
  });

  it("escalates a stale approval to a manager, then expires it", async () => {
    const { approval, run } = await waitingRun();
    const later = new Date(Date.parse(approval.dueAt) + 60_000);
    expect(await runtime.expireStale(later)).toMatchObject({ escalated: 1 });
    expect((await runtime.getApproval("t1", approval.id))?.status).toBe("escalated");
    const muchLater = new Date(later.getTime() + 100 * 3_600_000);
    expect(await runtime.expireStale(muchLater)).toMatchObject({ expired: 1 });
    expect((await runtime.getRun("t1", run.runId))?.status).toBe("expired");
    await expect(runtime.decide({ tenantId: "t1", approvalId: approval.id, by: manager(), answer: "approve", reasonCode: "agree" })).rejects.toMatchObject({ code: "APPROVAL_STATE" });
  });

  it("prunes checkpoints of finished runs past retention and keeps the decision log", async () => {
    const { approval, run } = await waitingRun();
    await runtime.decide({ tenantId: "t1", approvalId: approval.id, by: manager(), answer: "approve", reasonCode: "agree" });
    const count = async () => Number((await t.db.pool.query(`SELECT count(*) FROM checkpoints WHERE thread_id = $1`, [run.runId])).rows[0].count);
    expect(await count()).toBeGreaterThan(0);
    expect((await runtime.pruneCheckpoints(7)).threads).toBe(0);
    await t.db.pool.query(`UPDATE agent_runs SET finished_at = now() - interval '8 days' WHERE id = $1`, [run.runId]);
    expect((await runtime.pruneCheckpoints(7)).threads).toBe(1);
    expect(await count()).toBe(0);
    expect((await runtime.getDecision("t1", run.runId))?.status).toBe("completed");
  });

  it("lists decisions by subject, agent and status", async () => {
    const { approval } = await waitingRun();
    await runtime.decide({ tenantId: "t1", approvalId: approval.id, by: manager(), answer: "approve", reasonCode: "agree" });
    const found = await runtime.listDecisions("t1", { subjectType: "account", subjectId: accountId, agent: "renewal-risk", status: "completed" });
    expect(found).toHaveLength(1);
    expect(found[0]?.approvals).toHaveLength(1);
    expect(await runtime.listDecisions("t1", { subjectId: "nobody" })).toEqual([]);
  });
});
