import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { Command } from "@langchain/langgraph";
import type { AgentName } from "../../cases/schema.ts";
import { config } from "../../config/index.ts";
import { errorMessage, isAppError } from "../../core/errors.ts";
import { getAgent } from "../index.ts";
import type { ApprovalRequest } from "../shared/approval.ts";
import { runConfig } from "../shared/deps.ts";
import { buildDecisionRecord } from "../shared/record.ts";
import type { CommonStateValues } from "../shared/state.ts";
import { liveDeps, type RuntimeContext } from "./context.ts";
import type { GraphCache } from "./graphs.ts";
import { appendEvent, appendEvents, openApproval, saveDecision } from "./persist.ts";
import { withConnectionRetry, type Queryable } from "../../db/pool.ts";
import { CLAIM_RUN, FINISH_RUN_WITH_EVENT, RELEASE_RUN, SELECT_OPEN_APPROVAL_FOR_RUN, type ApprovalRow, type RunRow } from "./sql.ts";

const WORKER_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

/**
 * Runs this process is executing right now. A lease held under this WORKER_ID by a run not
 * in here is an orphan of an attempt of ours that lost its connection: it may be taken back
 * at once instead of waiting for the lease to lapse.
 */
const inFlight = new Set<string>();

/** Set a run's status and, in the same statement, log its event (type without the `run.` prefix). */
function finish(q: Queryable, tenantId: string, runId: string, status: string, error: string | null, event?: { type: string; payload: Record<string, unknown> }) {
  return q.query(FINISH_RUN_WITH_EVENT, [tenantId, runId, status, error, event ? `run.${event.type}` : null, JSON.stringify(event?.payload ?? {})]);
}

/** Errors a retry cannot fix: the run fails for good instead of being released. */
export function isPermanent(err: unknown): boolean {
  return isAppError(err) && ["INPUT_INVALID", "NOT_FOUND", "MODEL_MISMATCH", "MODEL_INVALID", "FIELD_FORBIDDEN", "FORBIDDEN"].includes(err.code);
}

type Input = Record<string, unknown> | Command | null;

/**
 * Execute (or continue) a claimed run. Where it starts depends on the checkpoint: nothing
 * yet → fresh input; waiting at the veto with a decided approval → resume with the stored
 * answer; mid-graph (a worker died) → continue from the last checkpoint. Effects are
 * idempotent by key, so a node that re-runs after a crash never applies anything twice.
 * Returns false when the run was not claimable (someone else has it, or it is done).
 */
export async function executeClaimed(ctx: RuntimeContext, cache: GraphCache, tenantId: string, runId: string): Promise<boolean> {
  const key = `${tenantId}\u0000${runId}`;
  const mayReclaim = !inFlight.has(key);
  inFlight.add(key);
  try {
    return await executeOnce(ctx, cache, tenantId, runId, mayReclaim);
  } finally {
    if (mayReclaim) inFlight.delete(key);
  }
}

async function executeOnce(ctx: RuntimeContext, cache: GraphCache, tenantId: string, runId: string, mayReclaim: boolean): Promise<boolean> {
  const db = ctx.db;
  const claimed = await db.pool.query<RunRow>(CLAIM_RUN, [tenantId, runId, WORKER_ID, config().RUN_LEASE_MS, mayReclaim]);
  const row = claimed.rows[0];
  if (!row) return false;
  const agent = row.agent as AgentName;
  try {
    const deps = await liveDeps(ctx, { tenantId, runId, agent, asOf: row.as_of ?? ctx.now().toISOString() });
    const graph = cache.graph(agent);
    // Checkpoints at the interrupt and at exit only: a crash mid-run restarts the run (or its resume, from the
    // stored answer) and idempotency keys make every effect exactly-once, so per-step writes buy nothing.
    const cfg = { ...runConfig(row.thread_id, deps), durability: "exit" as const };
    const snapshot = await graph.getState(cfg);
    let input: Input;
    let startEvent: "started" | "resumed" = "started";
    if (!snapshot.config.configurable?.checkpoint_id) {
      input = { subject: { type: row.subject_type, id: row.subject_id }, asOf: deps.port.asOf };
    } else if (snapshot.tasks.some((t) => t.interrupts.length > 0)) {
      const approval = (await db.pool.query<ApprovalRow>(SELECT_OPEN_APPROVAL_FOR_RUN, [tenantId, runId])).rows[0];
      if (approval?.status !== "decided") {
        await finish(db.pool, tenantId, runId, approval?.status === "expired" ? "expired" : "waiting_approval", null);
        return true;
      }
      input = new Command({ resume: approval.answer });
      startEvent = "resumed";
    } else if (snapshot.next.length > 0) {
      input = null;
      startEvent = "resumed";
    } else {
      // The graph ended in an earlier attempt that could not record it (its connection dropped).
      const status = (snapshot.values.status as string | undefined) ?? "completed";
      await finish(db.pool, tenantId, runId, status, null, { type: status === "failed" ? "failed" : "completed", payload: { status } });
      return true;
    }
    await appendEvent(db.pool, tenantId, runId, `run.${startEvent}`, "agent", { worker: WORKER_ID });
    const nodes: string[] = [];
    let interrupted = false;
    for await (const chunk of await graph.stream(input, { ...cfg, streamMode: "updates" })) {
      for (const key of Object.keys(chunk as Record<string, unknown>)) {
        if (key === "__interrupt__") interrupted = true;
        else {
          nodes.push(key);
          ctx.observe?.onNode?.(runId, key);
        }
      }
    }
    await appendEvents(db.pool, tenantId, runId, nodes.map((node) => ({ type: "run.node", payload: { node } })));
    if (interrupted) await persistWaiting(ctx, cache, agent, cfg, deps);
    else {
      const final = await graph.getState(cfg);
      const status = (final.values.status as string | undefined) ?? "completed";
      await finish(db.pool, tenantId, runId, status, null, { type: status === "failed" ? "failed" : "completed", payload: { status } });
    }
    return true;
  } catch (err) {
    if (isPermanent(err)) {
      await finish(db.pool, tenantId, runId, "failed", errorMessage(err), { type: "failed", payload: { error: errorMessage(err) } });
    } else {
      // Retried on a dropped connection (it is idempotent): a lease left behind would keep
      // the next attempt out for RUN_LEASE_MS. If it still fails, the orphan-lease rule of
      // CLAIM_RUN (this process) or the lease expiry (any other) takes over.
      await withConnectionRetry(() => db.pool.query(RELEASE_RUN, [tenantId, runId, WORKER_ID])).catch(() => {});
    }
    throw err;
  }
}

/** The run stopped at the veto: record the waiting decision and open its approval. */
async function persistWaiting(
  ctx: RuntimeContext,
  cache: GraphCache,
  agent: AgentName,
  cfg: Record<string, unknown>,
  deps: Awaited<ReturnType<typeof liveDeps>>,
): Promise<void> {
  const state = await cache.graph(agent).getState(cfg);
  const values = state.values as unknown as CommonStateValues;
  const request = state.tasks.flatMap((t) => t.interrupts)[0] as { value?: ApprovalRequest } | undefined;
  const def = getAgent(agent);
  const startedAt = typeof values.details.startedAt === "string" ? values.details.startedAt : ctx.now().toISOString();
  const record = buildDecisionRecord({ ...values, status: "waiting_approval" }, deps, def, startedAt, false);
  const due = new Date(ctx.now().getTime() + config().APPROVAL_SLA_HOURS * 3_600_000);
  await saveDecision(ctx.db.pool, record);
  if (request?.value) await openApproval(ctx.db.pool, record, request.value, `${deps.runId}:a${values.approvals.length + 1}`, due);
  await finish(ctx.db.pool, deps.tenantId, deps.runId, "waiting_approval", null, { type: "waiting_approval", payload: { approvalId: `${deps.runId}:a${values.approvals.length + 1}` } });
}
