import { leadSnapshot, renewalSnapshot, withoutOutcome } from "../cases/as-of.ts";
import type { Case } from "../cases/schema.ts";
import { guardPort, type GuardedPort } from "../crm/guard.ts";
import { fieldPolicyFor } from "../crm/field-policies.ts";
import type { CrmPort, PeopleQuery } from "../crm/port.ts";
import type { ActionResult, ExistingPerson, ProposedAction, Rep } from "../crm/types.ts";
import type { Ledger } from "./ledger.ts";

export interface SandboxPortOptions {
  ledger: Ledger;
  roster: Rep[];
  /** Dedupe candidates from cases earlier in the file (lead triage). */
  findPeople?: ((query: PeopleQuery) => ExistingPerson[]) | undefined;
}

/**
 * The CRM as a case saw it: reads come from the case snapshot frozen at `asOf` (anything
 * later and the outcome are gone before a tool can see them); writes go to the ledger.
 */
export function sandboxPort(c: Case, opts: SandboxPortOptions): CrmPort {
  return {
    mode: "sandbox",
    asOf: c.asOf,
    async getAccountContext(accountId) {
      if (c.agent !== "renewal-risk" || c.account.id !== accountId) return undefined;
      const s = renewalSnapshot(c);
      return { account: s.account, usage: s.usage, tickets: s.tickets, events: s.events };
    },
    async getLeadContext(leadId) {
      if (c.agent !== "lead-triage" || c.lead.id !== leadId) return undefined;
      const s = leadSnapshot(c);
      return { lead: s.lead, activities: s.activities };
    },
    async getTicketContext(ticketId) {
      if (c.agent !== "service-routing" || c.ticket.id !== ticketId) return undefined;
      const s = withoutOutcome(c);
      return { ticket: s.ticket, customer: s.customer };
    },
    async findPeople(query) {
      return opts.findPeople ? opts.findPeople(query) : [];
    },
    async listReps(role) {
      return opts.roster.filter((r) => r.role === role);
    },
    // Cases replay independently (in any order, across threads): each takes a stable, seeded
    // turn instead of one that depends on which case ran before it.
    async lastAssignees() {
      return {};
    },
    async applyAction(action: ProposedAction, key: string): Promise<ActionResult> {
      return opts.ledger.apply(action, key);
    },
  };
}

/** The sandbox port with the agent's field rules applied, exactly as live. */
export function guardedSandboxPort(c: Case, opts: SandboxPortOptions): GuardedPort {
  return guardPort(sandboxPort(c, opts), fieldPolicyFor(c.agent));
}
