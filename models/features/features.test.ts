import { describe, expect, it } from "vitest";
import { renewalSnapshot } from "../../cases/as-of.ts";
import { RenewalCase } from "../../cases/schema.ts";
import type { AccountContext } from "../../crm/types.ts";
import { emailDomainType, leadFeatures, renewalFeatures, titleSeniority, zeroWhenAbsent } from "./index.ts";

const ASOF = "2026-01-01";

/** Hand-made account: 60 logins in the last 30 days vs 100 the 30 days before. */
function account(): AccountContext {
  return {
    account: {
      id: "A-1",
      plan: "pro",
      arr: 24000,
      seats: 40,
      contractTerm: "monthly",
      renewalDate: "2026-02-10",
      autoRenew: false,
      attributes: { csm: "j.doe", isTrial: "FALSE", employees: "1,200", signupDate: "2025-12-02", TechSupport: "No", empty: "" },
    },
    usage: [
      { date: "2025-12-20", metric: "logins", value: 60 },
      { date: "2025-11-20", metric: "logins", value: 100 },
      { date: "2025-10-01", metric: "feature:reports", value: 5 },
      { date: "2025-07-01", metric: "feature:export", value: 2 },
    ],
    tickets: [
      { id: "T-1", openedAt: "2025-12-01", closedAt: "2025-12-03", priority: "high", csat: 2, escalated: true },
      { id: "T-2", openedAt: "2025-12-28", priority: "low" },
    ],
    events: [{ at: "2025-10-01", type: "champion_left" }],
  };
}

/** The same account with history dated after asOf (including a late close with CSAT). */
function withFuture(): AccountContext {
  const a = account();
  return {
    ...a,
    usage: [...a.usage, { date: "2026-01-02", metric: "logins", value: 999 }, { date: "2026-03-01", metric: "feature:new", value: 7 }],
    tickets: [
      ...a.tickets.filter((t) => t.id !== "T-2"),
      { id: "T-2", openedAt: "2025-12-28", priority: "low", closedAt: "2026-01-05", csat: 1 },
      { id: "T-3", openedAt: "2026-01-10", priority: "urgent", escalated: true },
    ],
    events: [...a.events, { at: "2026-01-15", type: "churn_notice" }],
  };
}

describe("renewalFeatures", () => {
  it("derives readable usage, ticket, event and account signals at asOf", () => {
    // Given a hand-made account / When features are extracted
    const row = renewalFeatures(account(), ASOF);
    // Then the signals match hand computation
    expect(row.contractTerm).toBe("monthly");
    expect(row.autoRenew).toBe(false);
    expect(row.daysToRenewal).toBeCloseTo(39, 0);
    expect(row["usage.last30d"]).toBe(60);
    expect(row["usage.trend30d"]).toBeCloseTo(-0.4, 6);
    expect(row["usage.daysSinceLast"]).toBeCloseTo(13, 0);
    expect(row["usage.breadth"]).toBe(3);
    expect(row["usage.logins.last30d"]).toBe(60);
    expect(row["tickets.count"]).toBe(2);
    expect(row["tickets.open"]).toBe(1);
    expect(row["tickets.escalated"]).toBe(1);
    expect(row["tickets.highPriority"]).toBe(1);
    expect(row["tickets.meanResolutionDays"]).toBeCloseTo(2, 6);
    expect(row["tickets.minCsat"]).toBe(2);
    expect(row["events.champion_left"]).toBe(1);
  });

  it("types attribute columns generically: booleans, grouped numbers, dates, empties", () => {
    const row = renewalFeatures(account(), ASOF);
    expect(row.isTrial).toBe(false);
    expect(row.TechSupport).toBe(false);
    expect(row.employees).toBe(1200);
    expect(row.csm).toBe("j.doe");
    expect(row["signupDate.daysAgo"]).toBeCloseTo(31, 0);
    expect(row.empty).toBeNull();
  });

  it("ignores usage, tickets and events dated after asOf", () => {
    // Given the same account plus rows after asOf (a late ticket close, new usage, a new event)
    // When features are extracted directly and through the case snapshot
    const plain = renewalFeatures(account(), ASOF);
    const leaky = renewalFeatures(withFuture(), ASOF);
    const snap = renewalSnapshot(RenewalCase.parse({ id: "A-1", agent: "renewal-risk", asOf: ASOF, ...withFuture(), outcome: { churned: true } }));
    const viaSnapshot = renewalFeatures(snap, ASOF);
    // Then nothing changes: the future is invisible
    expect(leaky).toEqual(plain);
    expect(viaSnapshot).toEqual(plain);
  });
});

describe("leadFeatures", () => {
  it("derives contact, title, email and activity signals; ignores activities after asOf", () => {
    const ctx = {
      lead: { id: "L-1", email: "ana@acme.io", title: "VP Sales", source: "webinar", createdAt: "2025-12-30", attributes: { employees: 120, "Lead Origin": "Landing Page" } },
      activities: [
        { at: "2025-12-31", type: "page_view", value: 3 },
        { at: "2025-12-31", type: "Page View", value: 2 },
        { at: "2025-12-20", type: "email_open" },
        { at: "2026-02-01", type: "demo", value: 10 },
      ],
    };
    const row = leadFeatures(ctx, ASOF);
    expect(row.emailDomain).toBe("corporate");
    expect(row.titleSeniority).toBe("vp/head");
    expect(row["activities.count"]).toBe(3);
    expect(row["activities.page_view.count"]).toBe(2);
    expect(row["activities.page_view.value"]).toBe(5);
    expect(row["activities.valueSum"]).toBe(5);
    expect(row["activities.demo.count"]).toBeUndefined();
    expect(row["Lead Origin"]).toBe("Landing Page");
    expect(row.leadAgeDays).toBeGreaterThan(1);
  });

  it("classifies email domains and seniority", () => {
    expect(emailDomainType("x@gmail.com")).toBe("free");
    expect(emailDomainType("not-an-email")).toBe("invalid");
    expect(emailDomainType(undefined)).toBeNull();
    expect(titleSeniority("Chief Revenue Officer")).toBe("c-level");
    expect(titleSeniority("Data Analyst")).toBe("other");
  });

  it("treats absent per-type counts as zero, not unknown", () => {
    expect(zeroWhenAbsent("events.champion_left")).toBe(true);
    expect(zeroWhenAbsent("activities.page_view.count")).toBe(true);
    expect(zeroWhenAbsent("events.daysSinceLast")).toBe(false);
    expect(zeroWhenAbsent("usage.last30d")).toBe(false);
  });
});
