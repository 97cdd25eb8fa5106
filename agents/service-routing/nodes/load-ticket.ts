import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { errorMessage } from "../../../core/errors.ts";
import { getTicketContext } from "../../../tools/ticket/context.ts";
import { depsOf } from "../../shared/deps.ts";
import { callTool } from "../../shared/tool-call.ts";
import type { RoutingStateValues } from "../state.ts";

/**
 * Load the ticket and its customer with the `get_ticket_context` tool's function (port at
 * asOf). The plain function, not `tool.invoke`: same code and errors, without a LangChain
 * run per case; the `tool()` wrapper stays the contract for LLMs.
 */
export async function loadTicketNode(state: RoutingStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  const startedAt = deps.now().toISOString();
  try {
    const { value, errors } = await callTool(deps, "get_ticket_context", () => getTicketContext(deps.port, state.subject.id));
    const t = value.ticket;
    const segments = [
      t.language && `language=${t.language}`,
      t.channel && `channel=${t.channel}`,
      value.customer?.tier && `tier=${value.customer.tier}`,
    ].filter((s): s is string => typeof s === "string");
    return { ticketContext: value, errors, details: { startedAt, segments } };
  } catch (err) {
    return { status: "failed" as const, errors: [`load_ticket: ${errorMessage(err)}`], details: { startedAt } };
  }
}
