import { RenewalCase } from "../cases/schema.ts";

/**
 * Small, deterministic renewal histories for tests: churners lose usage and escalate
 * tickets before renewal; stayers grow. Signal is strong but not perfect (every 7th case
 * is flipped) so a learner has something honest to find.
 */
export function syntheticRenewalCases(n: number): RenewalCase[] {
  const out: RenewalCase[] = [];
  for (let i = 0; i < n; i++) {
    const risky = i % 2 === 0;
    const churned = i % 7 === 0 ? !risky : risky;
    const usage = [];
    for (let d = 90; d >= 1; d -= 3) {
      const base = risky ? Math.max(1, 40 - (90 - d) * 0.4) : 20 + (90 - d) * 0.2;
      const date = new Date(Date.parse("2026-01-01") - d * 86_400_000).toISOString().slice(0, 10);
      usage.push({ date, metric: "logins", value: Math.round(base + (i % 5)) });
      if (!risky || d > 45) usage.push({ date, metric: "feature:reports", value: 3 });
    }
    out.push(
      RenewalCase.parse({
        id: `A-${i}`,
        agent: "renewal-risk",
        asOf: "2026-01-01",
        account: {
          id: `A-${i}`,
          name: `Account ${i}`,
          country: i % 3 === 0 ? "DE" : "US",
          plan: risky ? "basic" : "pro",
          arr: 10_000 + (i % 10) * 8_000,
          contractTerm: risky ? "monthly" : "annual",
          renewalDate: "2026-02-10",
          attributes: { csm: `csm-${i % 4}`, onboarded: i % 3 !== 0 },
        },
        usage,
        tickets: risky ? [{ id: `T-${i}`, openedAt: "2025-12-10", priority: "high", escalated: true, csat: 1 }] : [],
        events: risky && i % 4 === 0 ? [{ at: "2025-11-20", type: "champion_left", detail: "VP Ops left" }] : [],
        outcome: { churned },
      }),
    );
  }
  return out;
}
