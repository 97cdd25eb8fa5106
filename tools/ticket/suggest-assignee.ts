import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { pickAssignee, type Assignment, type AssignSettings } from "./assign.ts";
import type { CrmPort } from "../../crm/port.ts";

export const SuggestTicketAssigneeInput = z.object({
  queue: z.string().min(1).max(200).describe("The queue the ticket is routed to, e.g. \"Billing and Payments\"."),
  language: z.string().max(20).optional().describe("ISO 639-1 code of the ticket's language, e.g. \"de\"; omit when unknown."),
  priority: z.string().max(50).optional().describe("The ticket's priority (low, medium, high…): urgent tickets favour reps with free capacity."),
  seniorRequired: z.boolean().describe("True when the ticket is escalated (angry or high-value customer): only seniors may take it."),
  text: z.string().max(1_000_000).optional().describe("Subject and body, to match product skills named in the ticket."),
});
export type SuggestTicketAssigneeInput = z.infer<typeof SuggestTicketAssigneeInput>;

/** Business logic: the support reps from the port, then the assignment rules. */
export async function suggestTicketAssignee(port: CrmPort, input: SuggestTicketAssigneeInput, settings: AssignSettings): Promise<Assignment> {
  const reps = await port.listReps("support");
  return pickAssignee(reps, input, settings);
}

/**
 * `suggest_ticket_assignee`: the support rep best fitted to a ticket (queue, language and
 * product skills against load and SLA), with the runner-up and their scores, or
 * "unassigned: why".
 */
export function suggestTicketAssigneeTool(port: CrmPort, settings: AssignSettings) {
  return tool(async (input) => suggestTicketAssignee(port, input, settings), {
    name: "suggest_ticket_assignee",
    description:
      "Pick the support rep for a routed ticket by queue, language and product skills weighed against current load and " +
      "the ticket's priority; escalated tickets go to seniors only. It only suggests; assigning is a separate, approved " +
      "action. If the answer is unassigned, escalate with its reason instead of choosing someone yourself.",
    schema: SuggestTicketAssigneeInput,
  });
}
