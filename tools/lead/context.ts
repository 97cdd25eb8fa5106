import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { AppError } from "../../core/errors.ts";
import type { CrmPort } from "../../crm/port.ts";
import type { LeadContext } from "../../crm/types.ts";

/** Business logic, testable without an LLM: the lead's context or NOT_FOUND. */
export async function getLeadContext(port: CrmPort, leadId: string): Promise<LeadContext> {
  const ctx = await port.getLeadContext(leadId);
  if (!ctx) throw new AppError("NOT_FOUND", `No lead "${leadId}" in the CRM`, { leadId });
  return ctx;
}

export const GetLeadContextInput = z.object({
  leadId: z.string().min(1).max(200).describe("The CRM id of the lead, exactly as given in the run's subject."),
});

/**
 * `get_lead_context`: the lead's profile, attributes and activities at decision time.
 * Fields the agent may not read are already removed by the port.
 */
export function getLeadContextTool(port: CrmPort) {
  return tool(async ({ leadId }) => getLeadContext(port, leadId), {
    name: "get_lead_context",
    description:
      "Load one lead's profile (name, email, phone, company, title, source, country), its attributes and its activities " +
      "(page views, form fills…) as of the decision time. Use it first. If it reports NOT_FOUND, check the id; do not guess another one.",
    schema: GetLeadContextInput,
  });
}
