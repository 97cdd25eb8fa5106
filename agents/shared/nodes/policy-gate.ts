import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { ActionKind, ProposedAction } from "../../../crm/types.ts";
import type { GateOutcome } from "../decision.ts";
import { depsOf } from "../deps.ts";
import type { AgentPolicy } from "../policy-config.ts";
import type { CommonStateValues } from "../state.ts";

/** What an agent's policy.ts gives the shared gate. */
export interface AgentGateRules {
  /** Action kinds this agent may ever take; anything else is blocked (e.g. injected by an LLM). */
  allowedKinds: readonly ActionKind[];
  /** Agent-specific verdict for one action, or undefined to fall through to the default. */
  rule(action: ProposedAction, state: CommonStateValues, policy: AgentPolicy): GateOutcome | undefined;
  /** Segment keys of the subject ("country=DE"), for per-segment autonomy thresholds. */
  segmentsOf(state: CommonStateValues): string[];
}

/** The autonomy threshold that applies: the first matching segment's, else the agent's. */
export function autonomyThreshold(policy: AgentPolicy, segments: string[]): number | null {
  for (const s of segments) {
    const seg = policy.segments[s];
    if (seg) return seg.autoExecuteAbove;
  }
  return policy.autoExecuteAbove;
}

/** Decide auto / ask / block for every proposed action. Pure; unit-tested. */
export function gateActions(state: CommonStateValues, policy: AgentPolicy, rules: AgentGateRules): GateOutcome[] {
  const threshold = autonomyThreshold(policy, rules.segmentsOf(state));
  return state.proposedActions.map((action): GateOutcome => {
    if (!rules.allowedKinds.includes(action.kind)) {
      return { actionId: action.id, verdict: "block", reason: `"${action.kind}" is not an action this agent may take` };
    }
    const specific = rules.rule(action, state, policy);
    if (specific) return specific;
    if (policy.alwaysAsk.includes(action.kind)) {
      return { actionId: action.id, verdict: "ask", reason: `policy: "${action.kind}" always needs a human`, approverRole: "rep" };
    }
    if (threshold !== null && state.score !== null && state.score >= threshold) {
      return { actionId: action.id, verdict: "auto", reason: `score ${state.score.toFixed(2)} ≥ autonomy threshold ${threshold}` };
    }
    return {
      actionId: action.id,
      verdict: "ask",
      reason: threshold === null ? "no autonomy threshold set: a human decides" : `score below autonomy threshold ${threshold}`,
      approverRole: "rep",
    };
  });
}

/** Graph node: gate every proposed action; auto ones are cleared right away. */
export function makePolicyGateNode(rules: AgentGateRules) {
  return (state: CommonStateValues, config: LangGraphRunnableConfig) => {
    const deps = depsOf(config);
    const gate = gateActions(state, deps.policy, rules);
    const cleared = gate.filter((g) => g.verdict === "auto").map((g) => g.actionId);
    const blocked = gate.filter((g) => g.verdict === "block");
    const allBlocked = gate.length > 0 && blocked.length === gate.length;
    return {
      gate,
      cleared,
      // Reads so far, kept in state: a run resumed after the veto has a fresh port.
      details: { fieldsRead: unionFields(state.details.fieldsRead, deps.port.fieldsRead()) },
      ...(allBlocked ? { status: "blocked" as const } : {}),
      ...(blocked.length ? { errors: blocked.map((b) => `blocked ${b.actionId}: ${b.reason}`) } : {}),
    };
  };
}

/** Union of recorded field paths (sorted), tolerant of a missing earlier list. */
export function unionFields(earlier: unknown, now: string[]): string[] {
  const prev = Array.isArray(earlier) ? earlier.filter((x): x is string => typeof x === "string") : [];
  return [...new Set([...prev, ...now])].sort();
}

/** After the gate: a human is needed when any action asks. */
export function needsHuman(state: CommonStateValues): boolean {
  return state.gate.some((g) => g.verdict === "ask");
}
