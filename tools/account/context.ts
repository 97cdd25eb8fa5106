import { AppError } from "../../core/errors.ts";
import type { CrmPort } from "../../crm/port.ts";
import type { AccountContext } from "../../crm/types.ts";

/**
 * `get_account_context`: everything known about one account at decision time (profile,
 * usage, tickets, events), or NOT_FOUND. Fields the agent may not read are already removed
 * by the port. Renewal risk calls it through `callTool`; no model is offered it as a tool.
 */
export async function getAccountContext(port: CrmPort, accountId: string): Promise<AccountContext> {
  const ctx = await port.getAccountContext(accountId);
  if (!ctx) throw new AppError("NOT_FOUND", `No account "${accountId}" in the CRM`, { accountId });
  return ctx;
}
