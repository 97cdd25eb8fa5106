import { describe, expect, it } from "vitest";
import { instant, leadSnapshot, renewalSnapshot } from "./as-of.ts";
import { LeadCase, RenewalCase } from "./schema.ts";

describe("asOf snapshots", () => {
  const c = RenewalCase.parse({
    id: "A-1",
    agent: "renewal-risk",
    asOf: "2026-01-01",
    account: { id: "A-1" },
    usage: [
      { date: "2025-12-31", metric: "logins", value: 5 },
      { date: "2026-01-01T18:00:00Z", metric: "logins", value: 6 },
      { date: "2026-01-02", metric: "logins", value: 999 },
    ],
    tickets: [
      { id: "T-1", openedAt: "2025-12-01", closedAt: "2025-12-05", csat: 5 },
      { id: "T-2", openedAt: "2025-12-20", closedAt: "2026-02-01", csat: 1 },
      { id: "T-3", openedAt: "2026-01-15", priority: "urgent" },
    ],
    events: [
      { at: "2025-11-01", type: "champion_left" },
      { at: "2026-03-01", type: "churned" },
    ],
    outcome: { churned: true, at: "2026-03-01" },
  });

  it("hides usage, tickets and events dated after asOf, and the outcome", () => {
    const s = renewalSnapshot(c);
    expect(s.usage.map((u) => u.value)).toEqual([5, 6]);
    expect(s.tickets.map((t) => t.id)).toEqual(["T-1", "T-2"]);
    expect(s.events.map((e) => e.type)).toEqual(["champion_left"]);
    expect("outcome" in s).toBe(false);
  });

  it("shows a ticket closed after asOf as still open, without its later CSAT", () => {
    const t2 = renewalSnapshot(c).tickets.find((t) => t.id === "T-2");
    expect(t2?.closedAt).toBeUndefined();
    expect(t2?.csat).toBeUndefined();
  });

  it("hides lead activities after asOf", () => {
    const l = LeadCase.parse({
      id: "L-1",
      agent: "lead-triage",
      asOf: "2026-01-01",
      lead: { id: "L-1" },
      activities: [
        { at: "2025-12-31", type: "page_view" },
        { at: "2026-01-05", type: "demo_booked" },
      ],
      outcome: { converted: true },
    });
    expect(leadSnapshot(l).activities.map((a) => a.type)).toEqual(["page_view"]);
  });

  it("reads a bare date as the end of that day", () => {
    expect(instant("2026-01-01")).toBeGreaterThan(instant("2026-01-01T18:00:00Z"));
  });
});
