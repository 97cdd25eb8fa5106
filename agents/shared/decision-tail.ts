import { executeActionsNode } from "./nodes/execute-actions.ts";
import { humanVetoNode } from "./nodes/human-veto.ts";
import { needsHuman } from "./nodes/policy-gate.ts";
import { makeRecordDecisionNode } from "./nodes/record-decision.ts";
import type { AgentVersions } from "./record.ts";
import type { CommonStateValues } from "./state.ts";
import { timed } from "./timed.ts";

/** The tail every agent ends with, in order: the veto, the effects, the record. */
export const DECISION_TAIL = ["human_veto", "execute_actions", "record_decision"] as const;

/**
 * The tail's nodes, in order, for `addSequence` (each runs into the next):
 * - `human_veto`: interrupt() — a person approves, rejects, edits or overrides; on resume the
 *   node runs again and interrupt() returns the answer;
 * - `execute_actions`: the cleared actions, exactly once each (idempotency keys);
 * - `record_decision`: the one decision record (not timed: it carries the timings).
 */
export function decisionTail(versions: AgentVersions) {
  return {
    human_veto: timed(humanVetoNode),
    execute_actions: timed(executeActionsNode),
    record_decision: makeRecordDecisionNode(versions),
  } satisfies Record<(typeof DECISION_TAIL)[number], unknown>;
}

/** Where a gated run goes: a person when any action asks; else the effects when any were proposed; else the record. */
export function routeAfterGate(state: CommonStateValues): (typeof DECISION_TAIL)[number] {
  if (needsHuman(state)) return "human_veto";
  return state.proposedActions.length > 0 ? "execute_actions" : "record_decision";
}
