import { z } from "zod";
import type { ActionKind, ProposedAction } from "../../crm/types.ts";
import { AssignWeights } from "../../tools/ticket/assign.ts";
import type { GateOutcome } from "../shared/decision.ts";
import type { AgentGateRules } from "../shared/nodes/policy-gate.ts";
import { parseAgentSettings, settingsOnce, type AgentPolicy } from "../shared/policy-config.ts";
import type { CommonStateValues } from "../shared/state.ts";

/**
 * Service-routing knobs, read from the agent policy's free-form `settings` (a JSON policy
 * file for the CLI/sandbox, tenant settings live). Every knob has a default, so an empty
 * policy routes sensibly; a wrong value fails fast with every problem listed.
 */
export const RoutingSettings = z.object({
  /** Anger score (0..1) at or above which the ticket is escalated. */
  angerThreshold: z.number().min(0).max(1).default(0.6),
  /** Urgency score (0..1) at or above which the priority is raised one level. */
  urgencyThreshold: z.number().min(0).max(1).default(0.7),
  /** Raise the model's priority on strong urgency cues (the decision says so). */
  raisePriorityOnUrgency: z.boolean().default(true),
  /**
   * Only raise when the classifier's priority probability is below this: a confident fitted
   * model has already learned the urgency words of its history (on routing-tickets-de, raising
   * confident predictions turned 5 right priorities wrong; on v4 the unsure raises gained).
   */
  raiseBelowConfidence: z.number().min(0).max(1).default(0.6),
  /** Customer tiers (case-insensitive) that always get a senior. */
  seniorTiers: z.array(z.string()).default(["enterprise", "platinum", "strategic"]),
  /** ARR at or above which a customer is high value; null = ARR never escalates. */
  seniorArrAbove: z.number().nonnegative().nullable().default(100_000),
  /** Where an escalated ticket goes: a senior person in the same queue, or a senior queue. */
  escalateTo: z.enum(["senior_assignee", "senior_queue"]).default("senior_assignee"),
  /** The senior queue used when `escalateTo` is "senior_queue". */
  seniorQueue: z.string().min(1).default("Senior Support"),
  /** Priority labels from lowest to highest; labels not listed are never raised. */
  priorityOrder: z.array(z.string()).default(["low", "normal", "medium", "high", "urgent", "critical"]),
  /** Queues the LLM may pick from when there is no fitted model (zero-shot); empty = free. */
  zeroShotQueues: z.array(z.string()).default([]),
  /** Queue used when neither a model nor an LLM can classify. */
  fallbackQueue: z.string().min(1).default("General"),
  /** Knowledge-base passages to cite in a suggested reply. */
  citeTopK: z.number().int().min(0).max(10).default(3),
  /** Assignment weights: how much each part of a rep's fit counts. */
  assignWeights: AssignWeights.prefault({}),
});
export type RoutingSettings = z.infer<typeof RoutingSettings>;

/** The routing settings of an agent policy, defaults filled in (parsed once per policy object). */
export const routingSettings = settingsOnce((settings): RoutingSettings => parseAgentSettings("service-routing", RoutingSettings, settings));

/** What service routing may ever do; anything else (e.g. proposed by an LLM) is blocked. */
export const ROUTING_ACTIONS: readonly ActionKind[] = ["route_ticket", "assign_owner", "draft_reply", "escalate"];

/**
 * Gate rules: an escalation always asks a person (a manager for high-value customers); a
 * ticket with no text, or one routed to the fallback queue, asks before anything moves.
 * Everything else follows the shared autonomy threshold on the queue probability.
 */
export const routingGateRules: AgentGateRules = {
  allowedKinds: ROUTING_ACTIONS,
  rule(action: ProposedAction, state: CommonStateValues, _policy: AgentPolicy): GateOutcome | undefined {
    if (action.kind === "escalate") {
      const highValue = Array.isArray(state.details.escalation)
        && state.details.escalation.some((r: unknown) => typeof r === "object" && r !== null && String((r as { cause?: unknown }).cause).startsWith("high_value"));
      return {
        actionId: action.id,
        verdict: "ask",
        reason: highValue ? "escalation of a high-value customer: a manager decides" : "escalation: a person confirms",
        approverRole: highValue ? "manager" : "rep",
      };
    }
    if (state.details.emptyText === true) {
      return { actionId: action.id, verdict: "ask", reason: "the ticket has no text: a person checks the routing", approverRole: "rep" };
    }
    if (state.details.classifier === "fallback") {
      return { actionId: action.id, verdict: "ask", reason: "no classifier could route this ticket: a person checks", approverRole: "rep" };
    }
    return undefined;
  },
  segmentsOf(state: CommonStateValues) {
    const seg = state.details.segments;
    return Array.isArray(seg) ? seg.filter((s): s is string => typeof s === "string") : [];
  },
};
