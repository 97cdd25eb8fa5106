import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateAll } from "../../app/migrations.ts";
import { openTestDb, type TestDb } from "../../test/db.ts";
import { createLivePort } from "../live/port.ts";
import { importCases } from "./cases.ts";

const renewal = {
  id: "A-1", agent: "renewal-risk", asOf: "2026-01-01",
  account: { id: "A-1", name: "Acme", plan: "pro", arr: 24000, contractTerm: "annual", renewalDate: "2026-03-31", attributes: { csm: "j.doe" } },
  usage: [
    { date: "2025-12-01", metric: "logins", value: 120 },
    { date: "2025-12-01", metric: "logins", value: 5 },
  ],
  tickets: [{ id: "T-9", openedAt: "2025-11-02", closedAt: "2025-11-09", priority: "high", csat: 2, escalated: true }],
  events: [{ at: "2025-10-01", type: "champion_left", detail: "VP Ops left" }],
  outcome: { churned: true, at: "2026-03-31" },
};
const lead = {
  id: "L-1", agent: "lead-triage", asOf: "2026-01-01",
  lead: { id: "L-1", name: "Ana Ruiz", email: "ana+x@acme.io", company: "Acme", createdAt: "2025-12-30" },
  activities: [{ at: "2025-12-31", type: "page_view", value: 3, detail: "/pricing" }],
  outcome: { converted: true },
};
const routing = {
  id: "T-1", agent: "service-routing", asOf: "2026-01-01",
  ticket: { id: "T-1", subject: "Invoice charged twice", body: "…", language: "en", attributes: {} },
  customer: { id: "C-7", tier: "gold", arr: 9000, attributes: { region: "EU" } },
  outcome: { queue: "Billing and Payments", priority: "high" },
};

describe("case import", () => {
  let t: TestDb;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    t = await openTestDb();
    await migrateAll(t.db);
    dir = await mkdtemp(join(tmpdir(), "cases-"));
    file = join(dir, "mixed.jsonl");
    const bad = '{"id":"X","agent":"renewal-risk","asOf":"yesterday","account":{"id":"X"}}';
    await writeFile(file, [JSON.stringify(renewal), "{not json", JSON.stringify(lead), bad, JSON.stringify(routing)].join("\n"));
  });
  afterAll(async () => {
    await t.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it("loads accounts, leads and tickets with their history, and reports bad lines by number", async () => {
    const report = await importCases(t.db, file, { tenantId: "c1" });
    expect(report.imported).toBe(3);
    expect(report.skipped).toBe(2);
    expect(report.issues.map((i) => i.line)).toEqual([2, 4]);
    expect(report.issues[0]?.reason).toMatch(/bad JSON/);
    expect(report.issues[1]?.reason).toMatch(/asOf/);
    // Then the agents' port sees the history at the case's asOf, the outcome nowhere before it
    const port = createLivePort(t.db, { tenantId: "c1", asOf: "2026-01-01" });
    const acc = await port.getAccountContext("A-1");
    expect(acc?.usage.map((u) => u.value).sort()).toEqual([120, 5].sort());
    expect(acc?.events.map((e) => e.type)).toEqual(["champion_left"]);
    expect((await createLivePort(t.db, { tenantId: "c1", asOf: "2026-06-01" }).getAccountContext("A-1"))?.events.map((e) => e.type)).toEqual(["champion_left", "churned"]);
    expect((await port.getLeadContext("L-1"))?.activities).toHaveLength(1);
    expect(await port.getTicketContext("T-1")).toEqual({ ticket: routing.ticket, customer: routing.customer });
  });

  it("is re-runnable: importing the same file again duplicates nothing", async () => {
    const before = await t.db.pool.query("SELECT (SELECT count(*) FROM usage_events)::int AS u, (SELECT count(*) FROM events)::int AS e, (SELECT count(*) FROM tickets)::int AS t, (SELECT count(*) FROM activities)::int AS a");
    await importCases(t.db, file, { tenantId: "c1" });
    const after = await t.db.pool.query("SELECT (SELECT count(*) FROM usage_events)::int AS u, (SELECT count(*) FROM events)::int AS e, (SELECT count(*) FROM tickets)::int AS t, (SELECT count(*) FROM activities)::int AS a");
    expect(after.rows[0]).toEqual(before.rows[0]);
    expect(before.rows[0]).toEqual({ u: 2, e: 2, t: 2, a: 1 });
  });
});
