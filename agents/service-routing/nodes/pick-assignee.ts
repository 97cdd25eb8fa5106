import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError, errorMessage } from "../../../core/errors.ts";
import { suggestTicketAssigneeTool } from "../../../tools/ticket/suggest-assignee.ts";
import { depsOf } from "../../shared/deps.ts";
import { callTool } from "../../shared/tool-call.ts";
import type { Assignment } from "../../../tools/ticket/assign.ts";
import { routingSettings } from "../policy.ts";
import type { RoutingStateValues } from "../state.ts";

/** Longest text handed to the assignee tool (it only looks for product names). */
const MAX_TEXT = 5_000;

/** Pick a support rep (skills vs load and SLA), with the runner-up, or unassigned with why. */
export async function pickAssigneeNode(state: RoutingStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  const routing = state.routing;
  const ticket = state.ticketContext?.ticket;
  if (!routing || !ticket) throw new AppError("INTERNAL", "pick_assignee ran before the queue was chosen");
  const assignTool = suggestTicketAssigneeTool(deps.port, routingSettings(deps.policy));
  const text = `${ticket.subject ?? ""}\n${ticket.body ?? ""}`.slice(0, MAX_TEXT);
  let assignment: Assignment;
  let errors: string[] = [];
  try {
    const input = { queue: routing.queue, language: ticket.language, priority: routing.priority, seniorRequired: routing.seniorRequired, text };
    ({ value: assignment, errors } = await callTool(deps, "suggest_ticket_assignee", () => assignTool.invoke(input)));
  } catch (err) {
    const reason = `rep list unavailable (${errorMessage(err)})`;
    assignment = { assignee: null, runnerUp: null, unassignedReason: reason, excluded: [], explanation: `unassigned: ${reason}` };
    errors = [`pick_assignee: ${errorMessage(err)}`];
  }
  return {
    assignment,
    errors,
    evidence: [{ source: "assignment", text: assignment.explanation, refs: [assignment.assignee?.repId, assignment.runnerUp?.repId].filter((r): r is string => !!r) }],
    details: {
      assignee: assignment.assignee?.repId ?? null,
      assigneeScore: assignment.assignee?.score ?? null,
      runnerUp: assignment.runnerUp ? { repId: assignment.runnerUp.repId, score: assignment.runnerUp.score, why: assignment.runnerUp.why } : null,
      unassignedReason: assignment.unassignedReason ?? null,
    },
  };
}
