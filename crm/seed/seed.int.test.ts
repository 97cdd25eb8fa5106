import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateAll } from "../../app/migrations.ts";
import { openTestDb, type TestDb } from "../../test/db.ts";
import { createLivePort } from "../live/port.ts";
import { seedDemo } from "./seed.ts";

const TABLES = ["reps", "accounts", "contacts", "usage_events", "tickets", "events", "leads", "activities"];

async function counts(t: TestDb): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await t.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = 'demo'`);
    out[table] = rows[0]?.n ?? -1;
  }
  return out;
}

describe("demo seed", () => {
  let t: TestDb;
  const today = "2026-11-22";
  beforeAll(async () => {
    t = await openTestDb();
    await migrateAll(t.db);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("creates a realistic CRM once; seeding again duplicates nothing and keeps later changes", async () => {
    // When seeding
    const rows = await seedDemo(t.db, { tenantId: "demo", today });
    const first = await counts(t);
    expect(first).toEqual(rows);
    expect(first.accounts).toBeGreaterThanOrEqual(200);
    // And a rep changes a ticket, then the seed runs again
    await t.db.pool.query("UPDATE tickets SET queue = 'Onboarding' WHERE tenant_id = 'demo' AND id = 'tkt-00001'");
    await seedDemo(t.db, { tenantId: "demo", today });
    // Then nothing is duplicated and the change survives
    expect(await counts(t)).toEqual(first);
    const q = await t.db.pool.query("SELECT queue FROM tickets WHERE tenant_id = 'demo' AND id = 'tkt-00001'");
    expect(q.rows[0]).toEqual({ queue: "Onboarding" });
  });

  it("has what the agents need: near renewals, declining usage, escalations, reps with load, findable duplicates", async () => {
    const renewals = await t.db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM accounts WHERE tenant_id = 'demo' AND renewal_ts BETWEEN $1::timestamptz AND $1::timestamptz + interval '121 days'",
      [`${today}T00:00:00Z`],
    );
    expect(renewals.rows[0]?.n).toBeGreaterThanOrEqual(200);
    const escalated = await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM tickets WHERE tenant_id = 'demo' AND escalated AND csat <= 2");
    expect(escalated.rows[0]?.n).toBeGreaterThan(10);
    // Some account's logins fell by a third or more between the first and last month
    const declining = await t.db.pool.query<{ n: number }>(`
      SELECT count(*)::int AS n FROM (
        SELECT account_id,
          avg(value) FILTER (WHERE ts < $1::timestamptz - interval '150 days') AS early,
          avg(value) FILTER (WHERE ts > $1::timestamptz - interval '30 days') AS late
        FROM usage_events WHERE tenant_id = 'demo' AND metric = 'logins' GROUP BY account_id) x
      WHERE late < early * 0.67`, [`${today}T00:00:00Z`]);
    expect(declining.rows[0]?.n).toBeGreaterThan(20);
    const port = createLivePort(t.db, { tenantId: "demo", asOf: `${today}T12:00:00Z` });
    const support = await port.listReps("support");
    expect(support.length).toBeGreaterThan(3);
    expect(support.every((r) => r.capacity > 0 && r.languages.includes("en"))).toBe(true);
    expect(support.some((r) => r.load > 0)).toBe(true);
    // A plus-addressed duplicate finds its twin
    const plus = await t.db.pool.query<{ id: string; email: string }>("SELECT id, email FROM leads WHERE tenant_id = 'demo' AND email LIKE '%+%' ORDER BY id LIMIT 1");
    const dup = plus.rows[0];
    expect(dup).toBeDefined();
    const found = await port.findPeople({ excludeId: dup?.id ?? "", emails: [dup?.email ?? ""], phones: [] });
    expect(found.length).toBeGreaterThan(0);
  });

  it("generates the same CRM from the same seed and day", async () => {
    const a = await t.db.pool.query("SELECT md5(string_agg(id || coalesce(name, '') || coalesce(renewal_date, ''), ',' ORDER BY id)) AS h FROM accounts WHERE tenant_id = 'demo'");
    const other = await openTestDb();
    try {
      await migrateAll(other.db);
      await seedDemo(other.db, { tenantId: "demo", today });
      const b = await other.db.pool.query("SELECT md5(string_agg(id || coalesce(name, '') || coalesce(renewal_date, ''), ',' ORDER BY id)) AS h FROM accounts WHERE tenant_id = 'demo'");
      expect(b.rows[0]).toEqual(a.rows[0]);
    } finally {
      await other.cleanup();
    }
  });
});
