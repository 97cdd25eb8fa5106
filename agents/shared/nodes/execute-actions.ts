import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { errorMessage } from "../../../core/errors.ts";
import type { ExecutedAction } from "../decision.ts";
import { depsOf } from "../deps.ts";
import type { CommonStateValues } from "../state.ts";

/** The idempotency key of one action of one run: a resumed or retried run reuses it. */
export function idempotencyKey(tenantId: string, runId: string, actionId: string): string {
  return `${tenantId}:${runId}:${actionId}`;
}

/**
 * Apply every cleared, unblocked action through the port, exactly once per key (the port
 * returns `already_applied` on a repeat). Failures are recorded, not thrown, so the
 * decision is still written.
 */
export async function executeActionsNode(state: CommonStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  const blocked = new Set(state.gate.filter((g) => g.verdict === "block").map((g) => g.actionId));
  const done = new Set(state.executed.map((e) => e.actionId));
  const executed: ExecutedAction[] = [];
  const errors: string[] = [];
  for (const action of state.proposedActions) {
    if (!state.cleared.includes(action.id) || blocked.has(action.id) || done.has(action.id)) continue;
    const key = idempotencyKey(deps.tenantId, deps.runId, action.id);
    try {
      const result = await deps.port.applyAction(action, key);
      executed.push({ ...result, actionId: action.id, kind: action.kind, at: deps.now().toISOString() });
    } catch (err) {
      errors.push(`action ${action.id} failed: ${errorMessage(err)}`);
    }
  }
  const terminal = state.status === "rejected" || state.status === "overridden" || state.status === "blocked";
  return {
    executed,
    errors,
    status: terminal ? state.status : errors.length ? ("failed" as const) : ("completed" as const),
  };
}
