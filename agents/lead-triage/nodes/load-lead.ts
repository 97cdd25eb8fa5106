import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { errorMessage } from "../../../core/errors.ts";
import { getLeadContextTool } from "../../../tools/lead-context.ts";
import { depsOf } from "../../shared/deps.ts";
import { callTool } from "../../shared/tool-call.ts";
import type { LeadTriageStateValues } from "../state.ts";

/** Load the lead and its activities through the `get_lead_context` tool (port at asOf). */
export async function loadLeadNode(state: LeadTriageStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  const startedAt = deps.now().toISOString();
  const leadTool = getLeadContextTool(deps.port);
  try {
    const { value, errors } = await callTool(deps, "get_lead_context", () => leadTool.invoke({ leadId: state.subject.id }));
    return { context: value, errors, details: { startedAt } };
  } catch (err) {
    return { status: "failed" as const, errors: [`load_lead: ${errorMessage(err)}`], details: { startedAt } };
  }
}

/** A failed load skips straight to recording the failure. */
export function routeAfterLoad(state: LeadTriageStateValues): "normalize" | "record_decision" {
  return state.status === "failed" ? "record_decision" : "normalize";
}
