import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readCases } from "../cases/reader.ts";
import { migrateAll } from "../app/migrations.ts";
import { openTestDb, type TestDb } from "../test/db.ts";
import { overridesLoader } from "./overrides.ts";

describe("overrides dataset", () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb();
    await migrateAll(t.db);
    await t.db.pool.query("INSERT INTO tenants (id, name) VALUES ('acme', 'Acme'), ('other', 'Other')");
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const insert = (id: string, tenant: string, agent: string, caseData: unknown) =>
    t.db.pool.query("INSERT INTO eval_cases (id, tenant_id, agent, source, case_data) VALUES ($1, $2, $3, 'override', $4)", [id, tenant, agent, JSON.stringify(caseData)]);

  it("turns a tenant's overrides into a case file the reader accepts, leaving out rejections and other tenants", async () => {
    // Given two overrides, a rejection (no case line) and another tenant's override
    const line = (id: string, churned: boolean) => ({ id, agent: "renewal-risk", asOf: "2026-01-01", account: { id, country: "DE" }, outcome: { churned } });
    await insert("r1:override", "acme", "renewal-risk", { case: line("r1", true) });
    await insert("r2:override", "acme", "renewal-risk", { case: line("r2", false) });
    await insert("r3:reject", "acme", "renewal-risk", { snapshot: {} });
    await insert("r4:override", "other", "renewal-risk", { case: line("r4", true) });
    // When loading the overrides dataset for acme
    const file = await overridesLoader(t.db.pool, "acme")("renewal-risk");
    // Then the case file holds exactly acme's two overrides, valid with outcomes
    const { cases, report } = await readCases(file, { agent: "renewal-risk", requireOutcome: true });
    expect(report.skipped).toBe(0);
    expect(cases.map((c) => [c.case.id, c.case.outcome?.churned])).toEqual([
      ["r1", true],
      ["r2", false],
    ]);
  });

  it("says clearly when there are no overrides yet", async () => {
    await expect(overridesLoader(t.db.pool, "acme")("lead-triage")).rejects.toThrow(/no overrides recorded yet for lead-triage/);
  });
});
