/**
 * Who may do what: the product's four roles and the principal a request or job acts as.
 * On the floor because the CRM's field rules, the agents' approvals, the server's auth and
 * the console all speak of them.
 */
export const ROLES = ["rep", "manager", "analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: from an API key, or the system (schedules, webhooks). */
export interface Principal {
  id: string;
  role: Role;
  tenantId: string;
}
