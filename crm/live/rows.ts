import type { Account, ActivityRow, Attributes, Customer, EventRow, Lead, Ticket, TicketRow, UsageRow } from "../../cases/schema.ts";
import { instant } from "../../cases/as-of.ts";

/**
 * Database rows and their case-shaped views. SQL NULL becomes an absent key (never `null`),
 * so a live record looks exactly like the same record read from a case file.
 */
type Nullable<T> = { [K in keyof T]: T[K] | null };

export type AccountRow = Nullable<{
  id: string;
  name: string;
  segment: string;
  industry: string;
  country: string;
  plan: string;
  tier: string;
  arr: number;
  seats: number;
  tenure_months: number;
  contract_term: "monthly" | "annual" | "multi-year";
  renewal_date: string;
  auto_renew: boolean;
  payment_method: string;
}> & { id: string; attributes: Attributes };

export type LeadDbRow = Nullable<{
  name: string;
  email: string;
  phone: string;
  company: string;
  title: string;
  source: string;
  country: string;
  city: string;
  created_at: string;
}> & { id: string; attributes: Attributes };

export type TicketDbRow = Nullable<{
  account_id: string;
  subject: string;
  body: string;
  channel: string;
  language: string;
  priority: string;
  closed_at: string;
  csat: number;
  escalated: boolean;
}> & { id: string; opened_at: string; attributes: Attributes };

/** Drop undefined values so optional keys are absent rather than present-but-undefined. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;
}

const u = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function toAccount(r: AccountRow): Account {
  return compact({
    id: r.id,
    name: u(r.name),
    segment: u(r.segment),
    industry: u(r.industry),
    country: u(r.country),
    plan: u(r.plan),
    arr: u(r.arr),
    seats: u(r.seats),
    tenureMonths: u(r.tenure_months),
    contractTerm: u(r.contract_term),
    renewalDate: u(r.renewal_date),
    autoRenew: u(r.auto_renew),
    paymentMethod: u(r.payment_method),
    attributes: r.attributes ?? {},
  });
}

export function toCustomer(r: AccountRow): Customer {
  return compact({ id: r.id, tier: u(r.tier) ?? u(r.segment), arr: u(r.arr), attributes: r.attributes ?? {} });
}

export function toLead(r: LeadDbRow): Lead {
  return compact({
    id: r.id,
    name: u(r.name),
    email: u(r.email),
    phone: u(r.phone),
    company: u(r.company),
    title: u(r.title),
    source: u(r.source),
    country: u(r.country),
    city: u(r.city),
    createdAt: u(r.created_at),
    attributes: r.attributes ?? {},
  });
}

export function toTicket(r: TicketDbRow): Ticket {
  return compact({
    id: r.id,
    subject: u(r.subject),
    body: u(r.body),
    channel: u(r.channel),
    language: u(r.language),
    attributes: r.attributes ?? {},
  });
}

/** A ticket row as renewal risk sees it at `limitMs`: one closed later is still open then (cases/as-of.ts). */
export function toTicketRow(r: TicketDbRow, limitMs: number): TicketRow {
  const closedLater = r.closed_at !== null && instant(r.closed_at) > limitMs;
  return compact({
    id: r.id,
    openedAt: r.opened_at,
    closedAt: closedLater ? undefined : u(r.closed_at),
    priority: u(r.priority),
    subject: u(r.subject),
    body: u(r.body),
    csat: closedLater ? undefined : u(r.csat),
    escalated: u(r.escalated),
  });
}

export function toUsage(r: { date: string; metric: string; value: number }): UsageRow {
  return { date: r.date, metric: r.metric, value: r.value };
}

export function toEvent(r: { at: string; type: string; detail: string | null }): EventRow {
  return compact({ at: r.at, type: r.type, detail: u(r.detail) });
}

export function toActivity(r: { at: string; type: string; value: number | null; detail: string | null }): ActivityRow {
  return compact({ at: r.at, type: r.type, value: u(r.value), detail: u(r.detail) });
}

/** The timestamptz stored beside an ISO string: the instant cases/as-of.ts gives it. */
export function tsOf(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const ms = instant(iso);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
