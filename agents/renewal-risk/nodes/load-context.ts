import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { errorMessage } from "../../../core/errors.ts";
import { getAccountContext } from "../../../tools/account/context.ts";
import { depsOf } from "../../shared/deps.ts";
import { callTool } from "../../shared/tool-call.ts";
import type { RenewalStateValues } from "../state.ts";

/**
 * Load the account's context with the `get_account_context` tool's function (port at asOf).
 * The node calls the plain function, not `tool.invoke`: same code and errors, without a
 * LangChain run per case; the `tool()` wrapper stays the contract for LLMs.
 */
export async function loadContextNode(state: RenewalStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  const startedAt = deps.now().toISOString();
  try {
    const { value, errors } = await callTool(deps, "get_account_context", () => getAccountContext(deps.port, state.subject.id));
    const a = value.account;
    const segments = [a.country && `country=${a.country}`, a.plan && `plan=${a.plan}`, a.segment && `segment=${a.segment}`].filter(
      (s): s is string => typeof s === "string",
    );
    return { context: value, errors, details: { startedAt, segments } };
  } catch (err) {
    return { status: "failed" as const, errors: [`load_context: ${errorMessage(err)}`], details: { startedAt } };
  }
}
