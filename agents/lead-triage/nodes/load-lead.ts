import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { errorMessage } from "../../../core/errors.ts";
import { getLeadContext } from "../../../tools/lead/context.ts";
import { depsOf } from "../../shared/deps.ts";
import { callTool } from "../../shared/tool-call.ts";
import type { LeadTriageStateValues } from "../state.ts";

/**
 * Load the lead and its activities with the `get_lead_context` tool's logic (port at asOf).
 * The plain function, not the LangChain tool wrapper: no model is choosing the call here, and
 * skipping the wrapper's callback machinery keeps replay fast.
 */
export async function loadLeadNode(state: LeadTriageStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  const startedAt = deps.now().toISOString();
  try {
    const { value, errors } = await callTool(deps, "get_lead_context", () => getLeadContext(deps.port, state.subject.id));
    return { context: value, errors, details: { startedAt } };
  } catch (err) {
    return { status: "failed" as const, errors: [`load_lead: ${errorMessage(err)}`], details: { startedAt } };
  }
}
