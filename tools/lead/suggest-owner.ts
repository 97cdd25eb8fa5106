import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { Attributes } from "../../cases/schema.ts";
import type { CrmPort } from "../../crm/port.ts";
import { assignLead, DEFAULT_ASSIGNMENT, type Assignment, type AssignmentSettings, type RoundRobinCursor } from "./assign.ts";
import { toCountryCode } from "./country.ts";

/**
 * Business logic: the reps of the configured role and whose turn it was last (both from the
 * port), then the assignment rules. `cursor` (turns taken earlier in this run) wins over the
 * port's record.
 */
export async function suggestLeadOwner(
  port: CrmPort,
  lead: { id: string; country?: string | undefined; attributes?: Attributes | undefined },
  cursor: RoundRobinCursor,
  settings: AssignmentSettings = DEFAULT_ASSIGNMENT,
): Promise<Assignment> {
  const [reps, applied] = await Promise.all([port.listReps(settings.role), port.lastAssignees()]);
  return assignLead({ country: toCountryCode(lead.country), attributes: lead.attributes }, reps, { ...applied, ...cursor }, settings, lead.id);
}

export const SuggestLeadOwnerInput = z.object({
  id: z.string().min(1).max(200).describe("The CRM id of the lead to assign."),
  country: z.string().max(100).optional().describe("The lead's country, name or ISO code: decides the territory."),
  attributes: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .optional()
    .describe("The lead's attributes; the configured product, language and territory fields are read from here."),
});

/**
 * `suggest_lead_owner`: the sales rep who should own a lead under the configured territory,
 * skill and capacity rules (round-robin among equals), or "unassigned: why".
 */
export function suggestLeadOwnerTool(port: CrmPort, cursor: RoundRobinCursor, settings: AssignmentSettings = DEFAULT_ASSIGNMENT) {
  return tool(async (input) => suggestLeadOwner(port, input, cursor, settings), {
    name: "suggest_lead_owner",
    description:
      "Pick the sales rep for a lead by territory, product and language skills, and free capacity, taking turns among equals. " +
      "It only suggests; assigning is a separate, approved action. If the answer is 'unassigned', escalate with its reason " +
      "instead of choosing someone yourself.",
    schema: SuggestLeadOwnerInput,
  });
}
