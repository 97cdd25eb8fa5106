import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb } from "../db/pool.ts";
import { config } from "../config/index.ts";
import { openTestDb, type TestDb } from "../test/db.ts";
import { migrate } from "./migrations.ts";
import { MIGRATIONS } from "../app/migrations.ts";

const TABLES = [
  "tenants", "tenant_settings", "reps", "api_keys", "accounts", "subscriptions", "contacts", "leads", "opportunities", "tickets",
  "usage_events", "events", "activities", "agent_runs", "decisions", "decision_events", "approvals", "models", "eval_cases",
  "crm_actions", "tasks", "email_drafts", "meetings", "assignments", "record_links", "schema_migrations",
];

async function tablesIn(t: TestDb): Promise<string[]> {
  const { rows } = await t.db.pool.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name",
  );
  return rows.map((r) => r.table_name);
}

describe("migrate", () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it("creates every table from an empty schema, then does nothing the second time", async () => {
    // Given an empty schema
    expect(await tablesIn(t)).not.toContain("accounts");
    // When migrating twice
    const first = await migrate(t.db, MIGRATIONS);
    const second = await migrate(t.db, MIGRATIONS);
    // Then the first run applied every migration in order and the second none
    expect(first.applied).toEqual(MIGRATIONS.map((m) => m.id));
    expect(second.applied).toEqual([]);
    expect(await tablesIn(t)).toEqual(expect.arrayContaining(TABLES));
    const ledger = await t.db.pool.query("SELECT id FROM schema_migrations ORDER BY applied_at, id");
    expect(ledger.rowCount).toBe(MIGRATIONS.length);
  });

  it("serialises two processes starting at once: each migration is applied exactly once", async () => {
    // Given two independent connections to the same (empty) schema
    const url = config().TEST_DATABASE_URL;
    const other = url ? await openDb({ url, schema: t.schema, max: 2 }) : t.db;
    try {
      // When both migrate concurrently
      const [a, b] = await Promise.all([migrate(t.db, MIGRATIONS), migrate(other, MIGRATIONS)]);
      // Then between them every migration was applied once, and none twice
      expect([...a.applied, ...b.applied].sort()).toEqual(MIGRATIONS.map((m) => m.id).sort());
    } finally {
      if (other !== t.db) await other.close();
    }
  });

  it("rolls back a failing migration completely and reports which one failed", async () => {
    await migrate(t.db, MIGRATIONS);
    // Given a new migration that creates a table and then fails
    const bad = { id: "9999_bad", name: "bad", sql: "CREATE TABLE half_done (id int); SELECT 1 / 0;" };
    // When it is applied
    await expect(migrate(t.db, [...MIGRATIONS, bad])).rejects.toMatchObject({ code: "DB_UNAVAILABLE", details: { migration: "9999_bad" } });
    // Then neither its table nor its ledger row exist, and a fixed version applies cleanly
    expect(await tablesIn(t)).not.toContain("half_done");
    const fixed = await migrate(t.db, [...MIGRATIONS, { ...bad, sql: "CREATE TABLE half_done (id int);" }]);
    expect(fixed.applied).toEqual(["9999_bad"]);
  });

  it("keeps decision history append-only", async () => {
    await migrate(t.db, MIGRATIONS);
    await t.db.pool.query("INSERT INTO tenants (id, name) VALUES ('t1', 'T1')");
    await t.db.pool.query("INSERT INTO decision_events (tenant_id, run_id, type) VALUES ('t1', 'r1', 'created')");
    await expect(t.db.pool.query("UPDATE decision_events SET type = 'forged'")).rejects.toThrow(/append-only/);
    await expect(t.db.pool.query("DELETE FROM decision_events")).rejects.toThrow(/append-only/);
  });
});
