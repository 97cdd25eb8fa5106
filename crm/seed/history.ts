import { LeadCase, RoutingCase, type RenewalCase } from "../../cases/schema.ts";
import type { Db } from "../../db/pool.ts";
import { syntheticRenewalCases } from "../../agents/renewal-risk/test-cases.ts";
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

export function generatedRenewalHistory(n = 300): RenewalCase[] {
  return syntheticRenewalCases(n);
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
