import { randomUUID } from "node:crypto";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { config } from "../../config/index.ts";
import { AppError } from "../../core/errors.ts";
import type { Db } from "../../db/pool.ts";
import { getAgent } from "../index.ts";
import { getApproval, listApprovals, recordAnswer, expireStale } from "./approvals.ts";
import type { RuntimeContext } from "./context.ts";
import { executeClaimed } from "./execute.ts";
import { createGraphCache, type GraphCache } from "./graphs.ts";
import { pruneCheckpoints } from "./prune.ts";
import { FAIL_STUCK_RUN, INSERT_RUN, REOPEN_FAILED_RUN, SELECT_DECISION, SELECT_EVENTS, SELECT_RUN, SELECT_RUN_BY_KEY, type RunRow } from "./sql.ts";
import { approvalView, runEvents, runView } from "./views.ts";
import type { DecisionRecord } from "../shared/decision.ts";
import type { AgentRuntime, RunView } from "../shared/runtime-types.ts";
import { createChatModel } from "../shared/llm.ts";
import { AGENT_KNOWLEDGE_LABELS } from "../shared/knowledge-access.ts";
import { searchKnowledge } from "../../knowledge/index.ts";

export interface RuntimeDeps {
  db: Db;
  /** Defaults to the configured OpenAI-compatible model, or none offline. */
  llm?: BaseChatModel | undefined;
  searchKnowledge?: RuntimeContext["searchKnowledge"];
  now?: () => Date;
  observe?: RuntimeContext["observe"];
}

/** The live runtime plus operations the server's maintenance jobs use. */
export interface LiveRuntime extends AgentRuntime {
  pruneCheckpoints(retentionDays?: number): Promise<{ threads: number }>;
  readonly graphs: GraphCache;
}

/**
 * The agents, live: runs in Postgres, threads in LangGraph's Postgres checkpointer (so a
 * run waiting at the human veto survives restarts), one decision record per run.
 */
export async function createRuntime(deps: RuntimeDeps): Promise<LiveRuntime> {
  const ctx: RuntimeContext = {
    db: deps.db,
    llm: deps.llm ?? createChatModel(config()),
    searchKnowledge:
      deps.searchKnowledge ??
      ((tenantId, agent, query, k) => searchKnowledge(deps.db, { tenantId, query, k, accessLabels: AGENT_KNOWLEDGE_LABELS[agent] })),
    now: deps.now ?? (() => new Date()),
    observe: deps.observe,
  };
  const graphs = await createGraphCache(deps.db);
  const q = deps.db.pool;

  const decisionOf = async (tenantId: string, runId: string): Promise<DecisionRecord | undefined> =>
    (await q.query<{ record: DecisionRecord }>(SELECT_DECISION, [tenantId, runId])).rows[0]?.record;

  const getRun = async (tenantId: string, runId: string): Promise<RunView | undefined> => {
    const row = (await q.query<RunRow & { decision: DecisionRecord | null }>(SELECT_RUN, [tenantId, runId])).rows[0];
    return row ? runView(row, row.decision ?? undefined) : undefined;
  };

  const mustGetRun = async (tenantId: string, runId: string): Promise<RunView> => {
    const run = await getRun(tenantId, runId);
    if (!run) throw new AppError("NOT_FOUND", `no run "${runId}"`);
    return run;
  };

  return {
    graphs,
    async createRun(req) {
      const agent = getAgent(req.agent);
      if (req.subject.type !== agent.subjectType) {
        throw new AppError("INPUT_INVALID", `${req.agent} runs on a ${agent.subjectType}, not a ${req.subject.type}`);
      }
      const runId = randomUUID();
      const asOf = req.asOf ?? null;
      const queued = JSON.stringify({ agent: req.agent, subject: req.subject });
      const inserted = await q.query<RunRow>(INSERT_RUN, [runId, req.tenantId, req.agent, req.subject.type, req.subject.id, asOf, req.requestedBy.id, req.requestedBy.role, req.idempotencyKey ?? null, queued]);
      const row = inserted.rows[0] ?? (await q.query<RunRow>(SELECT_RUN_BY_KEY, [req.tenantId, req.idempotencyKey])).rows[0];
      if (!row) throw new AppError("INTERNAL", "run was neither created nor found");
      return runView(row);
    },
    async executeRun(tenantId, runId) {
      // Claim first: an unknown run (or another tenant's) simply matches nothing, and the
      // read afterwards answers NOT_FOUND — one read per execution instead of two.
      await executeClaimed(ctx, graphs, tenantId, runId);
      return mustGetRun(tenantId, runId);
    },
    async failRun(tenantId, runId, reason) {
      await q.query(FAIL_STUCK_RUN, [tenantId, runId, reason.slice(0, 2000)]);
      return getRun(tenantId, runId);
    },
    async reopenRun(tenantId, runId, by) {
      return ((await q.query(REOPEN_FAILED_RUN, [tenantId, runId, by.id])).rowCount ?? 0) > 0;
    },
    getRun,
    async listRunEvents(tenantId, runId, afterSeq = 0) {
      const { rows } = await q.query<{ type: string; payload: unknown; at: Date }>(SELECT_EVENTS, [tenantId, runId]);
      return runEvents(runId, rows).filter((e) => e.seq > afterSeq);
    },
    listApprovals: (tenantId, filter) => listApprovals(ctx, tenantId, filter),
    async getApproval(tenantId, id) {
      const row = await getApproval(ctx, tenantId, id);
      return row ? approvalView(row) : undefined;
    },
    async decide(req) {
      const { runId } = await recordAnswer(ctx, graphs, req);
      await executeClaimed(ctx, graphs, req.tenantId, runId);
      return mustGetRun(req.tenantId, runId);
    },
    getDecision: decisionOf,
    async listDecisions(tenantId, f) {
      const where = ["tenant_id = $1"];
      const args: unknown[] = [tenantId];
      if (f.agent) where.push(`agent = $${args.push(f.agent)}`);
      if (f.subjectType) where.push(`subject_type = $${args.push(f.subjectType)}`);
      if (f.subjectId) where.push(`subject_id = $${args.push(f.subjectId)}`);
      if (f.status) where.push(`status = $${args.push(f.status)}`);
      if (f.since) where.push(`created_at >= $${args.push(f.since)}`);
      if (f.until) where.push(`created_at < $${args.push(f.until)}`);
      const limit = Math.min(Math.max(f.limit ?? 50, 1), 500);
      const { rows } = await q.query<{ record: DecisionRecord }>(`SELECT record FROM decisions WHERE ${where.join(" AND ")} ORDER BY created_at DESC LIMIT ${limit}`, args);
      return rows.map((r) => r.record);
    },
    expireStale: (now) => expireStale(ctx, config().APPROVAL_SLA_HOURS, now ?? ctx.now()),
    pruneCheckpoints: (days) => pruneCheckpoints(deps.db, graphs, days ?? config().CHECKPOINT_RETENTION_DAYS),
  };
}
