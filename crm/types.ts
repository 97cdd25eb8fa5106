import type { Account, ActivityRow, Customer, EventRow, Lead, Ticket, TicketRow, UsageRow } from "../cases/schema.ts";

/**
 * The CRM as agents see it. Both adapters (live Postgres, sandbox case snapshot) return
 * these case-shaped records, so feature extraction and decisions are identical in both
 * worlds for the same snapshot.
 */
export type SubjectType = "account" | "lead" | "ticket";
export interface SubjectRef {
  type: SubjectType;
  id: string;
}

/** Everything renewal risk may know about an account at `asOf`. */
export interface AccountContext {
  account: Account;
  usage: UsageRow[];
  tickets: TicketRow[];
  events: EventRow[];
}

export interface LeadContext {
  lead: Lead;
  activities: ActivityRow[];
}

export interface TicketContext {
  ticket: Ticket;
  customer?: Customer | undefined;
}

/** An existing CRM record a new lead may duplicate. */
export interface ExistingPerson {
  type: "lead" | "contact";
  id: string;
  name?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  company?: string | undefined;
  accountId?: string | undefined;
  createdAt?: string | undefined;
}

/**
 * Round-robin state: for each pool of eligible reps (their ids joined by ","), the rep who
 * took the last turn; the next lead in that pool goes to the one after.
 */
export type RoundRobinCursor = Record<string, string>;

/** A rep / support agent the routers may assign to. */
export interface Rep {
  id: string;
  name: string;
  role: "sales" | "support" | "cs";
  /** Free-form skills: products, queues. */
  skills: string[];
  /** ISO 639-1 codes. */
  languages: string[];
  /** Countries or regions this person covers; empty = any. */
  territories: string[];
  /** Seniority: senior reps take angry or high-value customers. */
  senior: boolean;
  /** Max open items. */
  capacity: number;
  /** Open items right now. */
  load: number;
}

/** The kinds of side effect an agent can ask for. */
export type ActionKind =
  | "create_task"
  | "draft_email"
  | "schedule_meeting"
  | "offer_discount"
  | "assign_owner"
  | "merge_record"
  | "link_record"
  | "route_ticket"
  | "draft_reply"
  | "escalate"
  | "call";

export interface ProposedAction {
  /** Stable within a run: `<kind>:<n>`; the idempotency key is derived from run + this id. */
  id: string;
  kind: ActionKind;
  target: SubjectRef;
  /** Parameters a manager may edit (text, discount, assignee…). */
  params: Record<string, string | number | boolean | null>;
  /** One line a person reads in the inbox. */
  summary: string;
}

export interface ActionResult {
  status: "applied" | "already_applied";
  /** The CRM record the effect created or changed (task id, draft id, …). */
  recordId: string;
  idempotencyKey: string;
}
