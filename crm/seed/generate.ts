import type { RowValues } from "../import/upsert.ts";
import type { ImportTable } from "../import/tables.ts";
import { rng, type Rng } from "./prng.ts";
import {
  COMPANY_STEMS, COMPANY_SUFFIXES, COUNTRIES, FIRST_NAMES, INDUSTRIES, LAST_NAMES, LEAD_SOURCES, PLANS, PRODUCTS, QUEUES,
  SEGMENTS, TICKET_TEMPLATES, TITLES,
} from "./vocab.ts";

/**
 * The demo CRM as rows, generated from a seed and a day: a few hundred accounts whose
 * weekly usage is flat, growing or declining, tickets (some escalated with low CSAT),
 * renewals inside the next 120 days, leads with realistic duplicates (plus-addressed
 * emails, reformatted phones, company spelled differently) and reps with skills,
 * languages, territories and capacity. Pure: the same input gives the same rows.
 */
export interface DemoOptions {
  seed?: number;
  /** "Today" for relative dates (YYYY-MM-DD); default the current UTC day. */
  today?: string;
  accounts?: number;
  leads?: number;
}

export type DemoData = Partial<Record<ImportTable, RowValues[]>>;

const DAY = 86_400_000;

type DemoTables = "accounts" | "contacts" | "usage_events" | "tickets" | "events" | "leads" | "activities" | "reps";
type Out = Record<DemoTables, RowValues[]>;

export function generateDemo(opts: DemoOptions = {}): DemoData {
  const r = rng(opts.seed ?? 20_260_101);
  const today = Date.parse(`${opts.today ?? new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const day = (offset: number) => new Date(today + offset * DAY).toISOString().slice(0, 10);
  const reps = makeReps(r);
  const out: Out = {
    reps, accounts: [], contacts: [], usage_events: [], tickets: [], events: [], leads: [], activities: [],
  };
  const companies: { name: string; country: (typeof COUNTRIES)[number]; accountId: string }[] = [];
  const nAccounts = opts.accounts ?? 300;
  let ticketNo = 0;
  for (let i = 1; i <= nAccounts; i++) {
    const id = `acc-${String(i).padStart(4, "0")}`;
    const country = r.pick(COUNTRIES);
    const name = `${COMPANY_STEMS[(i - 1) % COMPANY_STEMS.length]}${i > COMPANY_STEMS.length ? ` ${Math.ceil(i / COMPANY_STEMS.length)}` : ""} ${r.pick(COMPANY_SUFFIXES)}`;
    companies.push({ name, country, accountId: id });
    const segment = r.pick(SEGMENTS);
    const seats = segment === "enterprise" ? r.int(150, 2000) : segment === "mid-market" ? r.int(30, 150) : r.int(3, 30);
    const plan = segment === "enterprise" ? "enterprise" : r.pick(PLANS);
    const trend = r.chance(0.25) ? "declining" : r.chance(0.3) ? "growing" : "flat";
    const csm = reps.filter((p) => p.role === "cs");
    out.accounts.push({
      id, name, segment, industry: r.pick(INDUSTRIES), country: country.code, plan, tier: segment === "enterprise" ? "gold" : segment === "mid-market" ? "silver" : "bronze",
      arr: Math.round(seats * (plan === "enterprise" ? 600 : plan === "pro" ? 300 : 120)), seats, tenure_months: r.int(2, 60),
      contract_term: r.pick(["monthly", "annual", "annual", "multi-year"]), renewal_date: day(r.int(5, 120)), auto_renew: r.chance(0.4),
      payment_method: r.pick(["invoice", "card", "sepa", "wire"]), owner_id: r.pick(csm).id,
      attributes: { csm: r.pick(csm).id, nps: r.int(-20, 80), onboardingDone: r.chance(0.85), cardLast4: String(r.int(1000, 9999)), billingIban: `DE${r.int(10, 99)}500105170000${r.int(1000, 9999)}` },
    });
    addUsage(out.usage_events, r, id, seats, trend, day);
    ticketNo = addTickets(out.tickets, r, id, country.lang, trend, day, ticketNo, reps.filter((p) => p.role === "support"));
    if (trend === "declining" && r.chance(0.4)) out.events.push({ id: `${id}|e|1`, account_id: id, at: day(-r.int(10, 80)), type: "champion_left", detail: "Main sponsor left the company" });
    if (r.chance(0.15)) out.events.push({ id: `${id}|e|2`, account_id: id, at: day(-r.int(5, 60)), type: "pricing_complaint", detail: "Asked for a discount at renewal" });
    for (let c = 1; c <= r.int(1, 3); c++) {
      const first = r.pick(FIRST_NAMES);
      const last = r.pick(LAST_NAMES);
      out.contacts.push({
        id: `${id}-c${c}`, account_id: id, name: `${first} ${last}`, email: `${ascii(first)}.${ascii(last)}@${domainOf(name)}`,
        phone: phone(r, country.dial), title: r.pick(TITLES), company: name, created_at: day(-r.int(100, 900)),
      });
    }
  }
  addLeads(out, r, companies, reps, day, opts.leads ?? 150);
  return out;
}

function makeReps(r: Rng): RowValues[] {
  const reps: RowValues[] = [];
  const roles = [["sales", 8], ["support", 10], ["cs", 6]] as const;
  const territories = [["US"], ["GB", "IE"], ["DE", "AT", "CH"], ["ES"], ["FR", "BE"], ["IN"], []];
  for (const [role, n] of roles) {
    for (let i = 1; i <= n; i++) {
      const langs = ["en", ...(r.chance(0.4) ? [r.pick(["de", "es", "fr"])] : [])];
      const skills = role === "support" ? [QUEUES[(i - 1) % QUEUES.length] ?? "Technical Support", r.pick(PRODUCTS)] : [r.pick(PRODUCTS), r.pick(["smb", "mid-market", "enterprise"])];
      reps.push({
        id: `rep-${role}-${String(i).padStart(2, "0")}`, name: `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`, role,
        email: `${role}${i}@demo.example`, skills, languages: [...new Set(langs)], territories: r.pick(territories),
        senior: i <= 2, capacity: role === "support" ? r.int(15, 30) : r.int(20, 60), active: true,
      });
    }
  }
  return reps;
}

/** Weekly logins and feature use for 26 weeks; declining accounts lose ~40–70% over the last 10 weeks. */
function addUsage(rows: RowValues[], r: Rng, accountId: string, seats: number, trend: string, day: (n: number) => string): void {
  const base = Math.max(5, seats * r.int(3, 8));
  const drop = r.int(40, 70) / 100;
  for (let w = 25; w >= 0; w--) {
    const progress = Math.max(0, (10 - w) / 10);
    const factor = trend === "declining" ? 1 - drop * progress : trend === "growing" ? 1 + 0.03 * (25 - w) : 1;
    const logins = Math.max(0, Math.round(r.normal(base * factor, base * 0.08)));
    const date = day(-7 * w - 1);
    rows.push({ id: `${accountId}|u|logins|${date}`, account_id: accountId, date, metric: "logins", value: logins });
    rows.push({ id: `${accountId}|u|reports|${date}`, account_id: accountId, date, metric: "feature:reports", value: Math.round(logins * 0.15) });
  }
}

function addTickets(rows: RowValues[], r: Rng, accountId: string, lang: string, trend: string, day: (n: number) => string, start: number, support: RowValues[]): number {
  let no = start;
  const n = trend === "declining" ? r.int(1, 5) : r.int(0, 2);
  for (let k = 0; k < n; k++) {
    no++;
    const queue = r.pick(QUEUES);
    const [subject, body] = r.pick(TICKET_TEMPLATES[queue][lang] ?? TICKET_TEMPLATES[queue].en ?? [["Help", "Please help."]]);
    const opened = -r.int(1, 150);
    const open = opened > -10 && r.chance(0.6);
    const escalated = trend === "declining" ? r.chance(0.35) : r.chance(0.05);
    rows.push({
      id: `tkt-${String(no).padStart(5, "0")}`, account_id: accountId, subject, body, channel: r.pick(["email", "web", "phone", "chat"]),
      language: lang, priority: escalated ? r.pick(["high", "urgent"]) : r.pick(["low", "medium", "medium", "high"]),
      // Open tickets wait unrouted (no queue) for the routing agent; closed ones keep their queue.
      queue: open ? null : queue, assignee: !open || r.chance(0.5) ? r.pick(support).id : null, opened_at: day(opened), closed_at: open ? null : day(Math.min(0, opened + r.int(1, 9))),
      csat: open ? null : escalated ? r.int(1, 2) : r.int(3, 5), escalated,
    });
  }
  return no;
}

/** Leads: a third duplicate an existing contact or lead with the email, phone or company spelled differently. */
function addLeads(out: Out, r: Rng, companies: { name: string; country: (typeof COUNTRIES)[number]; accountId: string }[], reps: RowValues[], day: (n: number) => string, n: number): void {
  const sales = reps.filter((p) => p.role === "sales");
  for (let i = 1; i <= n; i++) {
    const id = `lead-${String(i).padStart(4, "0")}`;
    const prior = out.leads.length > 5 && r.chance(0.2) ? r.pick(out.leads) : undefined;
    const contact = !prior && r.chance(0.12) ? r.pick(out.contacts) : undefined;
    const co = r.pick(companies);
    const first = r.pick(FIRST_NAMES);
    const last = r.pick(LAST_NAMES);
    let lead: RowValues = {
      id, name: `${first} ${last}`, email: `${ascii(first)}.${ascii(last)}@${domainOf(`${r.pick(COMPANY_STEMS)} ${i}`)}`,
      phone: phone(r, co.country.dial), company: `${r.pick(COMPANY_STEMS)} ${r.pick(["Partners", "Solutions", "Tech", "Studio"])}`,
      title: r.pick(TITLES), source: r.pick(LEAD_SOURCES), country: co.country.code, city: null, created_at: day(-r.int(0, 45)),
      status: "open", owner_id: r.chance(0.5) ? r.pick(sales).id : null,
      attributes: { employees: r.int(5, 5000), budgetConfirmed: r.chance(0.3), annualSalaryBand: r.pick(["<50k", "50-100k", ">100k"]) },
    };
    const twin = prior ?? contact;
    if (twin) lead = { ...lead, ...duplicateOf(r, twin) };
    out.leads.push(lead);
    for (let k = 0; k < r.int(0, 6); k++) {
      const at = day(-r.int(0, 30));
      const type = r.pick(["page_view", "email_open", "webinar_attended", "demo_request", "pricing_view"]);
      out.activities.push({ id: `${id}|a|${k}`, lead_id: id, at, type, value: type === "page_view" ? r.int(1, 12) : 1, detail: type === "page_view" ? r.pick(["/pricing", "/docs", "/blog", "/security"]) : null });
    }
  }
}

/** The same person again, written differently: plus-addressed email, reformatted phone, company variant. */
function duplicateOf(r: Rng, twin: RowValues): Partial<RowValues> {
  const email = typeof twin.email === "string" ? twin.email : "";
  const [local, domain] = email.split("@");
  const digits = typeof twin.phone === "string" ? twin.phone.replace(/\D/g, "") : "";
  const company = typeof twin.company === "string" ? twin.company : "";
  const variant = r.int(0, 2);
  return {
    name: twin.name,
    email: variant === 0 && local && domain ? `${local}+${r.pick(["webinar", "promo", "crm"])}@${domain.toUpperCase()}` : variant === 1 ? email : null,
    phone: variant === 1 || variant === 2 ? `00${digits.slice(0, 2)} ${digits.slice(2, 5)}-${digits.slice(5)}` : twin.phone,
    company: variant === 2 ? company.replace(/\s+(Inc\.|GmbH|Ltd|LLC|S\.L\.|SAS|Corp|AG)$/, "").toUpperCase() : `${company}`.replace(/ Inc\.$/, ", Inc"),
  };
}

function phone(r: Rng, dial: string): string {
  return `+${dial} ${r.int(200, 999)} ${r.int(100, 999)} ${r.int(1000, 9999)}`;
}

function ascii(s: string): string {
  return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z]/g, "");
}

function domainOf(company: string): string {
  return `${ascii(company.split(" ").slice(0, 2).join(""))}.example`;
}
