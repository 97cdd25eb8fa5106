import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { AppError } from "../core/errors.ts";
import type { CrmPort } from "../crm/port.ts";
import type { AccountContext } from "../crm/types.ts";

/** Business logic, testable without an LLM: the account's context or NOT_FOUND. */
export async function getAccountContext(port: CrmPort, accountId: string): Promise<AccountContext> {
  const ctx = await port.getAccountContext(accountId);
  if (!ctx) throw new AppError("NOT_FOUND", `No account "${accountId}" in the CRM`, { accountId });
  return ctx;
}

export const GetAccountContextInput = z.object({
  accountId: z.string().min(1).max(200).describe("The CRM id of the account, exactly as given in the run's subject."),
});

/**
 * `get_account_context` for a model or a node: everything known about one account at
 * decision time (profile, usage, tickets, events). Fields the agent may not read are
 * already removed by the port.
 */
export function getAccountContextTool(port: CrmPort) {
  return tool(async ({ accountId }) => getAccountContext(port, accountId), {
    name: "get_account_context",
    description:
      "Load one account's profile, product usage, support tickets and lifecycle events as of the decision time. " +
      "Use it first, before scoring or drafting. If it reports NOT_FOUND, check the account id; do not guess another one.",
    schema: GetAccountContextInput,
  });
}
