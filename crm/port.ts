import type { AgentName } from "../cases/schema.ts";
import type {
  AccountContext,
  ActionResult,
  ExistingPerson,
  LeadContext,
  ProposedAction,
  Rep,
  RoundRobinCursor,
  TicketContext,
} from "./types.ts";

/**
 * The CRM port: the only way agents and tools touch CRM data. Two adapters implement it:
 * `crm/live` (Postgres tables) and `sandbox/port` (a case snapshot frozen at `asOf`, writes
 * appended to a ledger). Field-level rules are applied by `guardPort` around either one.
 */
export interface CrmPort {
  readonly mode: "live" | "sandbox";
  /** Decision time: nothing dated after it is returned. */
  readonly asOf: string;
  getAccountContext(accountId: string): Promise<AccountContext | undefined>;
  getLeadContext(leadId: string): Promise<LeadContext | undefined>;
  getTicketContext(ticketId: string): Promise<TicketContext | undefined>;
  /** Existing leads/contacts that share any normalised key or look alike (dedupe input). */
  findPeople(query: PeopleQuery): Promise<ExistingPerson[]>;
  listReps(role: Rep["role"]): Promise<Rep[]>;
  /** Whose round-robin turn it was last, per pool, from the owner assignments already applied. */
  lastAssignees(): Promise<RoundRobinCursor>;
  /** Apply one side effect exactly once per idempotency key. */
  applyAction(action: ProposedAction, idempotencyKey: string): Promise<ActionResult>;
}

export interface PeopleQuery {
  /** The record being checked (excluded from results). */
  excludeId: string;
  emails: string[];
  phones: string[];
  /** Normalised company name, for fuzzy candidates. */
  company?: string | undefined;
  name?: string | undefined;
  limit?: number;
}

/** Which fields an agent may read and which action kinds it may write. */
export interface FieldPolicy {
  agent: AgentName;
  /** Dotted paths removed from every read, e.g. "account.paymentMethod", "account.attributes.*card*". */
  denyRead: string[];
  /** Action kinds this agent may apply at all. */
  allowWrite: ProposedAction["kind"][];
}

