import type { AgentName } from "../cases/schema.ts";
import type { FieldPolicy } from "./port.ts";

/**
 * Default field policies per agent. Attribute keys come from any CRM, so sensitive ones are
 * caught by name patterns (case-insensitive) rather than by a fixed list of columns.
 */

/** Attribute-key patterns that hold payment or banking details. */
export const PAYMENT_KEY_PATTERNS = [
  "*payment*", "*card*", "*iban*", "*swift*", "*bank*", "*cvv*", "*cvc*", "*routing_number*", "*routingnumber*",
  "*account_number*", "*accountnumber*", "*tax_id*", "*taxid*", "*vat_id*",
];

/** Attribute-key patterns that hold people's pay or private identifiers. */
export const PERSONAL_KEY_PATTERNS = ["*salary*", "*income*", "*wage*", "*compensation*", "*ssn*", "*social_security*", "*passport*"];

/** Deny the given key patterns inside every `attributes` object, wherever it sits. */
function inAttributes(patterns: string[]): string[] {
  return patterns.map((p) => `**.attributes.${p}`);
}

/**
 * renewal-risk is customer-success facing: it may see how an account pays (a churn signal),
 * never the card or bank details themselves.
 */
const RENEWAL_RISK: FieldPolicy = {
  agent: "renewal-risk",
  denyRead: [...inAttributes(PAYMENT_KEY_PATTERNS.filter((p) => p !== "*payment*")), ...inAttributes(PERSONAL_KEY_PATTERNS),
    "**.attributes.*payment*details*", "**.attributes.*payment*card*"],
  allowWrite: ["create_task", "draft_email", "schedule_meeting", "offer_discount", "escalate", "call"],
};

/** lead-triage is sales facing: no payment method, no payment-like or personal attributes. */
const LEAD_TRIAGE: FieldPolicy = {
  agent: "lead-triage",
  denyRead: ["account.paymentMethod", "customer.paymentMethod", ...inAttributes(PAYMENT_KEY_PATTERNS), ...inAttributes(PERSONAL_KEY_PATTERNS)],
  // escalate: a lead no rep fits goes to a sales manager ("unassigned: why").
  allowWrite: ["assign_owner", "merge_record", "link_record", "create_task", "draft_email", "schedule_meeting", "call", "escalate"],
};

/** service-routing reads tickets and the customer's tier/value, never how they pay. */
const SERVICE_ROUTING: FieldPolicy = {
  agent: "service-routing",
  denyRead: ["account.paymentMethod", "customer.paymentMethod", ...inAttributes(PAYMENT_KEY_PATTERNS), ...inAttributes(PERSONAL_KEY_PATTERNS)],
  allowWrite: ["route_ticket", "assign_owner", "draft_reply", "escalate", "create_task"],
};

export const FIELD_POLICIES: Readonly<Record<AgentName, FieldPolicy>> = {
  "renewal-risk": RENEWAL_RISK,
  "lead-triage": LEAD_TRIAGE,
  "service-routing": SERVICE_ROUTING,
};

/** The default policy for an agent (a copy: callers may tighten it per tenant). */
export function fieldPolicyFor(agent: AgentName): FieldPolicy {
  const p = FIELD_POLICIES[agent];
  return { agent: p.agent, denyRead: [...p.denyRead], allowWrite: [...p.allowWrite] };
}
