import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { depsOf } from "../deps.ts";
import { buildDecisionRecord, type AgentVersions } from "../record.ts";
import type { CommonStateValues } from "../state.ts";

/** Graph node factory: write the finished decision record through the deps' sink. */
export function makeRecordDecisionNode(versions: AgentVersions) {
  return async (state: CommonStateValues, config: LangGraphRunnableConfig) => {
    const deps = depsOf(config);
    const startedAt = typeof state.details.startedAt === "string" ? state.details.startedAt : deps.now().toISOString();
    const status = state.status === "running" ? ("completed" as const) : state.status;
    await deps.recordDecision(buildDecisionRecord({ ...state, status }, deps, versions, startedAt, true));
    return { status };
  };
}
