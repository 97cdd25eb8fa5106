import type {
  AgentRuntime,
  ApprovalView,
  DecideRequest,
  RunEvent,
  RunRequest,
  RunView,
} from "../../agents/shared/runtime-types.ts";
import type { DecisionRecord } from "../../agents/shared/decision.ts";
import { AppError } from "../../core/errors.ts";

/**
 * An in-memory AgentRuntime for server and queue tests, standing in for agents/runtime.ts.
 * Renewal-risk runs wait for a manager's approval; the other agents complete directly.
 * `executions` counts executeRun calls per run, so tests can prove "executed once".
 */
export interface FakeRuntime extends AgentRuntime {
  executions: Map<string, number>;
  /** Make the next executeRun calls throw this (transient-fault tests). */
  failNext: Array<Error>;
  /** Delay inside executeRun (concurrency tests), ms. */
  executeDelayMs: number;
}

export function createFakeRuntime(): FakeRuntime {
  const runs = new Map<string, RunView>();
  const byKey = new Map<string, string>();
  const events = new Map<string, RunEvent[]>();
  const approvals = new Map<string, ApprovalView>();
  const decisions = new Map<string, DecisionRecord>();
  const executions = new Map<string, number>();
  let n = 0;
  const now = () => new Date().toISOString();
  const emit = (runId: string, type: RunEvent["type"], node?: string) => {
    const list = events.get(runId) ?? [];
    list.push({ runId, seq: list.length + 1, type, node, at: now() });
    events.set(runId, list);
  };
  const key = (tenantId: string, id: string) => `${tenantId}/${id}`;
  const setStatus = (run: RunView, status: RunView["status"]) => {
    run.status = status;
    run.updatedAt = now();
    const d = decisions.get(run.runId);
    if (d) d.status = status === "queued" ? "running" : status;
  };

  const rt: FakeRuntime = {
    executions,
    failNext: [],
    executeDelayMs: 0,
    async createRun(req: RunRequest) {
      if (req.idempotencyKey) {
        const existing = byKey.get(key(req.tenantId, req.idempotencyKey));
        if (existing) return runs.get(existing) as RunView;
      }
      const runId = `run_${++n}`;
      const run: RunView = { runId, tenantId: req.tenantId, agent: req.agent, subject: req.subject, status: "queued", createdAt: now(), updatedAt: now() };
      runs.set(runId, run);
      if (req.idempotencyKey) byKey.set(key(req.tenantId, req.idempotencyKey), runId);
      emit(runId, "queued");
      return run;
    },
    async executeRun(tenantId, runId) {
      const run = runs.get(runId);
      if (!run || run.tenantId !== tenantId) throw new AppError("NOT_FOUND", `No run ${runId}`);
      executions.set(runId, (executions.get(runId) ?? 0) + 1);
      const fault = rt.failNext.shift();
      if (fault) throw fault;
      if (rt.executeDelayMs > 0) await new Promise((r) => setTimeout(r, rt.executeDelayMs));
      if (run.status !== "queued") return run; // idempotent: already executed
      emit(runId, "started");
      for (const node of ["load_context", "score", "draft_brief", "propose_actions", "policy_gate"]) emit(runId, "node", node);
      const decision: DecisionRecord = {
        runId, tenantId, agent: run.agent, graphVersion: "g1", modelVersion: "m1", promptVersion: "p1", subject: run.subject, asOf: now(), mode: "live",
        score: 0.8, decision: "alert", details: {}, topFactors: [], evidence: [], fieldsRead: [], citations: [], brief: null,
        proposedActions: [{ id: "create_task:1", kind: "create_task", target: run.subject, params: { title: "Book QBR" }, summary: "Book an exec QBR" }],
        gate: [], approvals: [], executed: [], timings: {}, errors: [], status: "running", startedAt: now(),
      };
      decisions.set(runId, decision);
      run.decision = decision;
      if (run.agent === "renewal-risk") {
        const approvalId = `apr_${runId}`;
        approvals.set(approvalId, {
          id: approvalId, runId, tenantId, agent: run.agent, subject: run.subject, status: "pending", requiredRole: "manager",
          dueAt: now(), reason: "score above alert threshold", proposedActions: decision.proposedActions, brief: null, score: 0.8,
          decision: "alert", topFactors: [], evidence: [], createdAt: now(),
        });
        emit(runId, "waiting_approval");
        setStatus(run, "waiting_approval");
      } else {
        emit(runId, "completed");
        setStatus(run, "completed");
      }
      return run;
    },
    async failRun(tenantId, runId, reason) {
      const run = runs.get(runId);
      if (!run || run.tenantId !== tenantId) return undefined;
      if (run.status === "queued" || run.status === "running") {
        run.error = reason;
        emit(runId, "failed");
        setStatus(run, "failed");
      }
      return run;
    },
    async reopenRun(tenantId, runId) {
      const run = runs.get(runId);
      if (!run || run.tenantId !== tenantId || run.status !== "failed") return false;
      delete run.error;
      emit(runId, "requeued");
      setStatus(run, "queued");
      return true;
    },
    async getRun(tenantId, runId) {
      const run = runs.get(runId);
      return run && run.tenantId === tenantId ? run : undefined;
    },
    async listRunEvents(tenantId, runId, afterSeq) {
      const run = runs.get(runId);
      if (!run || run.tenantId !== tenantId) return [];
      return (events.get(runId) ?? []).filter((e) => afterSeq === undefined || e.seq > afterSeq);
    },
    async listApprovals(tenantId, filter) {
      return [...approvals.values()]
        .filter((a) => a.tenantId === tenantId && (!filter.status || a.status === filter.status) && (!filter.agent || a.agent === filter.agent))
        .slice(0, filter.limit ?? 100);
    },
    async getApproval(tenantId, id) {
      const a = approvals.get(id);
      return a && a.tenantId === tenantId ? a : undefined;
    },
    async decide(req: DecideRequest) {
      const a = approvals.get(req.approvalId);
      if (!a || a.tenantId !== req.tenantId) throw new AppError("NOT_FOUND", "No approval");
      if (a.requiredRole === "manager" && req.by.role === "rep") throw new AppError("FORBIDDEN", "needs a manager");
      if (a.status !== "pending") throw new AppError("APPROVAL_STATE", `Approval is ${a.status}`);
      a.status = "decided";
      const run = runs.get(a.runId) as RunView;
      emit(run.runId, "resumed");
      decisions.get(run.runId)?.approvals.push({ at: now(), by: req.by.id, role: req.by.role, answer: req.answer, reasonCode: req.reasonCode, reasonText: req.reasonText });
      const status = req.answer === "reject" ? "rejected" : req.answer === "override" ? "overridden" : "completed";
      emit(run.runId, "completed");
      setStatus(run, status);
      return run;
    },
    async getDecision(tenantId, runId) {
      const d = decisions.get(runId);
      return d && d.tenantId === tenantId ? d : undefined;
    },
    async listDecisions(tenantId, filter) {
      return [...decisions.values()].filter((d) => d.tenantId === tenantId && (!filter.agent || d.agent === filter.agent)).slice(0, filter.limit ?? 100);
    },
    async expireStale() {
      return { escalated: 0, expired: 0 };
    },
  };
  return rt;
}
