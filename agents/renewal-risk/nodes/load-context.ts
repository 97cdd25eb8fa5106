import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { errorMessage } from "../../../core/errors.ts";
import { getAccountContextTool } from "../../../tools/account-tools.ts";
import { depsOf } from "../../shared/deps.ts";
import { callTool } from "../../shared/tool-call.ts";
import type { RenewalStateValues } from "../state.ts";

/** Load the account's context through the `get_account_context` tool (port at asOf). */
export async function loadContextNode(state: RenewalStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  const startedAt = deps.now().toISOString();
  const accountTool = getAccountContextTool(deps.port);
  try {
    const { value, errors } = await callTool(deps, "get_account_context", () => accountTool.invoke({ accountId: state.subject.id }));
    const a = value.account;
    const segments = [a.country && `country=${a.country}`, a.plan && `plan=${a.plan}`, a.segment && `segment=${a.segment}`].filter(
      (s): s is string => typeof s === "string",
    );
    return { context: value, errors, details: { startedAt, segments } };
  } catch (err) {
    return { status: "failed" as const, errors: [`load_context: ${errorMessage(err)}`], details: { startedAt } };
  }
}
