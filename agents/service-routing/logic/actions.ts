import type { ProposedAction, SubjectRef } from "../../../crm/types.ts";
import type { Brief } from "../../shared/decision.ts";
import type { Assignment } from "../../../tools/ticket/assign.ts";
import type { EscalationDecision } from "./escalation.ts";

/**
 * The side effects service routing proposes: route, assign, a draft reply (never sent by
 * the agent) and an escalation when the customer is angry or high-value, or nobody fits.
 * Pure: the gate and the human decide what runs.
 */
export interface RoutingActionsInput {
  subject: SubjectRef;
  routing: EscalationDecision;
  assignment: Assignment | null;
  brief: Brief | null;
  replyLanguage?: string | undefined;
}

export function routingActions(input: RoutingActionsInput): ProposedAction[] {
  const { subject, routing, assignment, brief } = input;
  const actions: ProposedAction[] = [
    {
      id: "route_ticket:1",
      kind: "route_ticket",
      target: subject,
      params: { queue: routing.queue, priority: routing.priority ?? null },
      summary: `Route to ${routing.queue}${routing.priority ? ` (${routing.priority} priority${routing.priorityRaised ? ", raised for urgency" : ""})` : ""}`,
    },
  ];
  const a = assignment?.assignee;
  if (a) {
    actions.push({
      id: "assign_owner:1",
      kind: "assign_owner",
      target: subject,
      params: { assignee: a.repId, runnerUp: assignment?.runnerUp?.repId ?? null },
      summary: `Assign to ${a.name} (score ${a.score}${assignment?.runnerUp ? `; runner-up ${assignment.runnerUp.name} ${assignment.runnerUp.score}` : ""})`,
    });
  }
  if (brief) {
    actions.push({
      id: "draft_reply:1",
      kind: "draft_reply",
      target: subject,
      params: { text: brief.text, language: input.replyLanguage ?? null, send: false },
      summary: "Save a suggested reply as a draft (the agent never sends it)",
    });
  }
  const reasons = routing.reasons.map((r) => r.text);
  if (!a && assignment?.unassignedReason) reasons.push(`unassigned: ${assignment.unassignedReason}`);
  if (reasons.length > 0) {
    actions.push({
      id: "escalate:1",
      kind: "escalate",
      target: subject,
      params: { reason: reasons.join("; "), to: routing.target ?? "team_lead", queue: routing.queue },
      summary: `Escalate: ${reasons.join("; ")}`,
    });
  }
  return actions;
}
