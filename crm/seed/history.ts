import { LeadCase, RenewalCase, RoutingCase } from "../../cases/schema.ts";
import type { Db } from "../../db/pool.ts";
import { generateDemo } from "./generate.ts";
import { rng } from "./prng.ts";

/**
 * Labelled history for the demo tenant's first models. Routing learns from the tenant's
 * own closed tickets (real live history). Renewal and lead outcomes do not exist in a
 * freshly seeded CRM, so those two demo models are fitted on generated histories — the
 * model files say so in their notes; analysts replace them with `scenario fit` on theirs.
 */
export async function routingHistory(db: Db, tenantId: string): Promise<RoutingCase[]> {
  const { rows } = await db.pool.query<{ id: string; subject: string | null; body: string | null; language: string | null; queue: string; priority: string | null; opened_at: string }>(
    `SELECT id, subject, body, language, queue, priority, opened_at FROM tickets WHERE tenant_id = $1 AND queue IS NOT NULL AND closed_ts IS NOT NULL ORDER BY id`,
    [tenantId],
  );
  return rows.map((t) =>
    RoutingCase.parse({
      id: t.id,
      agent: "service-routing",
      asOf: t.opened_at,
      ticket: { id: t.id, subject: t.subject, body: t.body, language: t.language },
      outcome: { queue: t.queue, priority: t.priority },
    }),
  );
}

type Row = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const num = (v: unknown) => (typeof v === "number" ? v : undefined);

/**
 * Renewal history shaped like the demo CRM: the seed generator run with another seed, each
 * account labelled by what its own trajectory shows (usage in the last four weeks vs the
 * four before, escalations, a champion leaving), with 10% label noise so the model stays
 * honest. Nothing of the live demo tenant's data is used.
 */
export function generatedRenewalHistory(today = new Date().toISOString().slice(0, 10)): RenewalCase[] {
  const data = generateDemo({ seed: 4242, today, accounts: 400, leads: 0 });
  const by = (rows: Row[] | undefined) => {
    const m = new Map<string, Row[]>();
    for (const r of rows ?? []) {
      const id = String(r.account_id);
      m.set(id, [...(m.get(id) ?? []), r]);
    }
    return m;
  };
  const usage = by(data.usage_events as Row[] | undefined);
  const tickets = by(data.tickets as Row[] | undefined);
  const events = by(data.events as Row[] | undefined);
  const noise = rng(99);
  const now = Date.parse(today);
  return ((data.accounts ?? []) as Row[]).map((a) => {
    const id = String(a.id);
    const u = usage.get(id) ?? [];
    const logins = (from: number, to: number) =>
      u.filter((x) => x.metric === "logins" && now - Date.parse(String(x.date)) > from * 86_400_000 && now - Date.parse(String(x.date)) <= to * 86_400_000).reduce((s, x) => s + (num(x.value) ?? 0), 0);
    const recent = logins(0, 28);
    const before = logins(28, 56);
    const t = tickets.get(id) ?? [];
    const risk = (before > 0 ? (before - recent) / before : 0) * 3 + t.filter((x) => x.escalated === true).length * 0.5 + (events.get(id)?.length ?? 0);
    const churned = noise.chance(0.1) ? risk <= 0.6 : risk > 0.6;
    return RenewalCase.parse({
      id,
      agent: "renewal-risk",
      asOf: today,
      account: {
        id, name: str(a.name), segment: str(a.segment), industry: str(a.industry), country: str(a.country), plan: str(a.plan), arr: num(a.arr), seats: num(a.seats),
        tenureMonths: num(a.tenure_months), contractTerm: str(a.contract_term), renewalDate: str(a.renewal_date), autoRenew: a.auto_renew === true, paymentMethod: str(a.payment_method),
        attributes: { nps: num((a.attributes as Row | undefined)?.nps) ?? null, onboardingDone: (a.attributes as Row | undefined)?.onboardingDone === true },
      },
      usage: u.map((x) => ({ date: String(x.date), metric: String(x.metric), value: num(x.value) ?? 0 })),
      tickets: t.map((x) => ({ id: String(x.id), openedAt: String(x.opened_at), closedAt: str(x.closed_at), priority: str(x.priority), subject: str(x.subject), csat: num(x.csat), escalated: x.escalated === true })),
      events: (events.get(id) ?? []).map((x) => ({ at: String(x.at), type: String(x.type), detail: str(x.detail) })),
      outcome: { churned },
    });
  });
}

/** Leads whose conversion depends on source, title and engagement (with noise). */
export function generatedLeadHistory(n = 400): LeadCase[] {
  const r = rng(11);
  const sources = ["webinar", "website", "referral", "trade-show", "paid-search", "partner", "cold-outbound"];
  const titles = ["CTO", "VP Engineering", "IT Manager", "Data Analyst", "CEO", "Procurement Lead"];
  const out: LeadCase[] = [];
  for (let i = 0; i < n; i++) {
    const source = r.pick(sources);
    const title = r.pick(titles);
    const views = r.int(0, 12);
    const warm = (source === "referral" || source === "webinar" ? 1.2 : source === "cold-outbound" ? -1 : 0) + (title.startsWith("C") || title.startsWith("VP") ? 0.8 : 0) + views * 0.25 - 1.5;
    const converted = r.chance(1 / (1 + Math.exp(-warm)));
    out.push(
      LeadCase.parse({
        id: `hist-lead-${i}`,
        agent: "lead-triage",
        asOf: "2026-01-01",
        lead: { id: `hist-lead-${i}`, source, title, country: r.pick(["DE", "US", "ES", "GB", "FR"]), createdAt: "2025-12-20", attributes: { employees: r.int(10, 5000) } },
        activities: Array.from({ length: views }, (_, k) => ({ at: "2025-12-2" + (k % 9), type: "page_view", value: 1, detail: k % 3 === 0 ? "/pricing" : "/docs" })),
        outcome: { converted },
      }),
    );
  }
  return out;
}
