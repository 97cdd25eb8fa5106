import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { AppError } from "../../core/errors.ts";
import type { CrmPort } from "../../crm/port.ts";
import type { TicketContext } from "../../crm/types.ts";

/** Business logic, testable without an LLM: the ticket and its customer, or NOT_FOUND. */
export async function getTicketContext(port: CrmPort, ticketId: string): Promise<TicketContext> {
  const ctx = await port.getTicketContext(ticketId);
  if (!ctx) throw new AppError("NOT_FOUND", `No ticket "${ticketId}" in the CRM`, { ticketId });
  return ctx;
}

export const GetTicketContextInput = z.object({
  ticketId: z.string().min(1).max(200).describe("The CRM id of the ticket, exactly as given in the run's subject."),
});

/**
 * `get_ticket_context`: the ticket (subject, body, channel, language, attributes) and its
 * customer's tier and value at decision time. Fields the agent may not read are removed by
 * the port.
 */
export function getTicketContextTool(port: CrmPort) {
  return tool(async ({ ticketId }) => getTicketContext(port, ticketId), {
    name: "get_ticket_context",
    description:
      "Load one support ticket and its customer (tier, ARR) as of the decision time. Use it first, before classifying " +
      "or routing. If it reports NOT_FOUND, check the ticket id; do not guess another one.",
    schema: GetTicketContextInput,
  });
}
