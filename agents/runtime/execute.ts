import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { Command } from "@langchain/langgraph";
import type { AgentName } from "../../cases/schema.ts";
import { config } from "../../config/index.ts";
import { errorMessage, isPermanentError } from "../../core/errors.ts";
import { getAgent } from "../index.ts";
import type { ApprovalRequest } from "../shared/approval.ts";
import { runConfig } from "../shared/deps.ts";
import { buildDecisionRecord } from "../shared/record.ts";
import type { CommonStateValues } from "../shared/state.ts";
import { liveDeps, type RuntimeContext } from "./context.ts";
import type { GraphCache } from "./graphs.ts";
import { withConnectionRetry, withTransaction, type Queryable } from "../../db/pool.ts";
import { appendEvent, openApproval, saveDecision } from "./persist.ts";
import { CLAIM_RUN, FINISH_RUN_WITH_EVENTS, RELEASE_RUN, SELECT_OPEN_APPROVAL_FOR_RUN, type ApprovalRow, type RunRow } from "./sql.ts";

const WORKER_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

/**
 * Runs this process is executing right now. A lease held under this WORKER_ID by a run not
 * in here is an orphan of an attempt of ours that lost its connection: it may be taken back
 * at once instead of waiting for the lease to lapse.
 */
const inFlight = new Set<string>();

type Input = Record<string, unknown> | Command | null;

/** Set a run's status and, in the same statement, log its events (types without the `run.` prefix), in order. */
function finish(q: Queryable, tenantId: string, runId: string, status: string, error: string | null, events: { type: string; payload: Record<string, unknown> }[] = []) {
  return q.query(FINISH_RUN_WITH_EVENTS, [tenantId, runId, status, error, events.map((e) => `run.${e.type}`), events.map((e) => JSON.stringify(e.payload))]);
}

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
  // A first claim (attempts = 1) also logs `run.started` in the same statement.
  const claimed = await db.pool.query<RunRow>(CLAIM_RUN, [tenantId, runId, WORKER_ID, config().RUN_LEASE_MS, mayReclaim, JSON.stringify({ worker: WORKER_ID })]);
  const row = claimed.rows[0];
  if (!row) return false;
  const agent = row.agent as AgentName;
  try {
    const deps = await liveDeps(ctx, { tenantId, runId, agent, asOf: row.as_of ?? ctx.now().toISOString() });
    const graph = cache.graph(agent);
    // Checkpoints at the interrupt and at exit only: a crash mid-run restarts the run (or its resume, from the
    // stored answer) and idempotency keys make every effect exactly-once, so per-step writes buy nothing.
    const cfg = { ...runConfig(row.thread_id, deps), durability: "exit" as const };
    const fresh: Input = { subject: { type: row.subject_type, id: row.subject_id }, asOf: deps.port.asOf };
    let input: Input = fresh;
    // The first claim of a run cannot find a checkpoint (its thread is new): no need to look.
    if (row.attempts > 1) {
      const snapshot = await graph.getState(cfg);
      let startEvent: "started" | "resumed" = "started";
      if (!snapshot.config.configurable?.checkpoint_id) {
        input = fresh;
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
        await finish(db.pool, tenantId, runId, status, null, [{ type: status === "failed" ? "failed" : "completed", payload: { status } }]);
        return true;
      }
      await appendEvent(db.pool, tenantId, runId, `run.${startEvent}`, "agent", { worker: WORKER_ID });
    }
    // LangGraph's own streams: "updates" names each node as it finishes (the run's progress
    // events) and carries the interrupt; the last "values" chunk is the state at the end — no
    // second read of the checkpoint afterwards.
    const nodes: { type: string; payload: Record<string, unknown> }[] = [];
    let values: Record<string, unknown> = {};
    let interrupt: { value?: ApprovalRequest } | undefined;
    for await (const chunk of await graph.stream(input, { ...cfg, streamMode: ["updates", "values"] })) {
      const [mode, data] = chunk as [string, Record<string, unknown>];
      if (mode === "values") {
        // An interrupt is also announced on the values stream, as a chunk of its own.
        if (!("__interrupt__" in data)) values = data;
        continue;
      }
      for (const node of Object.keys(data)) {
        if (node === "__interrupt__") interrupt ??= (data.__interrupt__ as { value?: ApprovalRequest }[])[0] ?? {};
        else if (!node.startsWith("__")) {
          nodes.push({ type: "node", payload: { node } });
          ctx.observe?.onNode?.(runId, node);
        }
      }
    }
    if (interrupt) await persistWaiting(ctx, values as unknown as CommonStateValues, interrupt, deps, nodes);
    else {
      const status = (values.status as string | undefined) ?? "completed";
      await finish(db.pool, tenantId, runId, status, null, [...nodes, { type: status === "failed" ? "failed" : "completed", payload: { status } }]);
    }
    return true;
  } catch (err) {
    // A retry cannot fix it: the run fails for good (with the reason) instead of being released.
    if (isPermanentError(err)) {
      await finish(db.pool, tenantId, runId, "failed", errorMessage(err), [{ type: "failed", payload: { error: errorMessage(err) } }]);
    } else {
      // Retried on a dropped connection (it is idempotent): a lease left behind would keep
      // the next attempt out for RUN_LEASE_MS. If it still fails, the orphan-lease rule of
      // CLAIM_RUN (this process) or the lease expiry (any other) takes over.
      await withConnectionRetry(() => db.pool.query(RELEASE_RUN, [tenantId, runId, WORKER_ID])).catch(() => {});
    }
    throw err;
  }
}

/**
 * The run stopped at the veto: record the waiting decision, open its approval, log the
 * node progress and set the run waiting — one transaction, so a dropped connection leaves
 * either all of it or none (and the next attempt redoes it).
 */
async function persistWaiting(
  ctx: RuntimeContext,
  values: CommonStateValues,
  request: { value?: ApprovalRequest },
  deps: Awaited<ReturnType<typeof liveDeps>>,
  nodes: { type: string; payload: Record<string, unknown> }[],
): Promise<void> {
  const def = getAgent(deps.agent);
  const startedAt = typeof values.details.startedAt === "string" ? values.details.startedAt : ctx.now().toISOString();
  const record = buildDecisionRecord({ ...values, status: "waiting_approval" }, deps, def, startedAt, false);
  const due = new Date(ctx.now().getTime() + config().APPROVAL_SLA_HOURS * 3_600_000);
  const approvalId = `${deps.runId}:a${values.approvals.length + 1}`;
  await withTransaction(ctx.db, async (client) => {
    await saveDecision(client, record);
    if (request.value) await openApproval(client, record, request.value, approvalId, due);
    await finish(client, deps.tenantId, deps.runId, "waiting_approval", null, [...nodes, { type: "waiting_approval", payload: { approvalId } }]);
  });
}
