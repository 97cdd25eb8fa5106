import { interrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError } from "../../../core/errors.ts";
import type { ProposedAction } from "../../../crm/types.ts";
import { HumanAnswer, type ApprovalRequest } from "../approval.ts";
import type { ApprovalEvent } from "../decision.ts";
import { depsOf } from "../deps.ts";
import type { CommonStateValues } from "../state.ts";

/** The interrupt payload for the actions that need a human. */
export function approvalRequest(state: CommonStateValues, runId: string): ApprovalRequest {
  const asks = state.gate.filter((g) => g.verdict === "ask");
  return {
    kind: "approval",
    runId,
    requiredRole: asks.some((g) => g.approverRole === "manager") ? "manager" : "rep",
    reason: [...new Set(asks.map((g) => g.reason))].join("; "),
    decision: state.decision,
    score: state.score,
    brief: state.brief,
    topFactors: state.topFactors,
    evidence: state.evidence,
    proposedActions: state.proposedActions,
    gate: state.gate,
  };
}

/** Apply edits to action params: only existing keys may change, kinds and targets never. */
export function applyEdits(actions: ProposedAction[], edits: HumanAnswer["edits"]): ProposedAction[] {
  if (!edits) return actions;
  for (const id of Object.keys(edits)) {
    if (!actions.some((a) => a.id === id)) throw new AppError("INPUT_INVALID", `edit names unknown action "${id}"`);
  }
  return actions.map((a) => {
    const change = edits[a.id];
    if (!change) return a;
    for (const key of Object.keys(change)) {
      if (!(key in a.params)) throw new AppError("INPUT_INVALID", `action "${a.id}" has no parameter "${key}"`);
    }
    return { ...a, params: { ...a.params, ...change } };
  });
}

/** Map a validated answer to a state update. Pure; unit-tested. */
export function applyAnswer(state: CommonStateValues, answer: HumanAnswer): Partial<CommonStateValues> {
  const event: ApprovalEvent = {
    at: answer.at,
    by: answer.by,
    role: answer.role,
    answer: answer.answer,
    reasonCode: answer.reasonCode,
    reasonText: answer.reasonText,
    edits: answer.edits,
    override: answer.override,
  };
  const runnable = state.gate.filter((g) => g.verdict !== "block").map((g) => g.actionId);
  switch (answer.answer) {
    case "approve":
      return { approvals: [event], cleared: runnable };
    case "edit":
      return { approvals: [event], proposedActions: applyEdits(state.proposedActions, answer.edits), cleared: runnable };
    case "reject":
      return { approvals: [event], cleared: [], status: "rejected" };
    case "override": {
      if (!answer.override) throw new AppError("INPUT_INVALID", "an override needs the replacement decision");
      return {
        approvals: [event],
        cleared: [],
        status: "overridden",
        decision: answer.override.decision,
        ...(answer.override.score !== undefined ? { score: answer.override.score } : {}),
      };
    }
  }
}

/**
 * Human veto: one interrupt carrying the approval request; the resume value is the
 * person's answer. The thread waits in the checkpointer until then (survives restarts).
 */
export function humanVetoNode(state: CommonStateValues, config: LangGraphRunnableConfig): Partial<CommonStateValues> {
  const resumed: unknown = interrupt(approvalRequest(state, depsOf(config).runId));
  const parsed = HumanAnswer.safeParse(resumed);
  if (!parsed.success) throw new AppError("INPUT_INVALID", `invalid approval answer: ${parsed.error.issues[0]?.message ?? "?"}`);
  return applyAnswer(state, parsed.data);
}
