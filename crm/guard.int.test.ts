import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateAll } from "../app/migrations.ts";
import { openTestDb, type TestDb } from "../test/db.ts";
import { fieldPolicyFor } from "./field-policies.ts";
import { guardPort } from "./guard.ts";
import { ensureTenant, upsertRows } from "./import/upsert.ts";
import { createLivePort } from "./live/port.ts";

describe("field rules on live data", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb();
    await migrateAll(t.db);
    await ensureTenant(t.db.pool, "t1");
    await upsertRows(t.db.pool, "t1", "accounts", [{
      id: "A-1", name: "Acme", arr: 50000, payment_method: "card", tier: "gold",
      attributes: { csm: "j.doe", cardLast4: "4242", billingIban: "DE89370400440532013000", "Bank Name": "ACME Bank", nps: 40 },
    }]);
    await upsertRows(t.db.pool, "t1", "tickets", [{ id: "T-1", account_id: "A-1", subject: "Refund please", opened_at: "2025-12-01" }]);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("keeps payment details out of the sales-facing agents' reads and out of their field log", async () => {
    for (const agent of ["lead-triage", "service-routing"] as const) {
      // Given the live port behind the agent's default policy
      const port = guardPort(createLivePort(t.db, { tenantId: "t1" }), fieldPolicyFor(agent));
      // When it reads the account and the ticket's customer
      const account = await port.getAccountContext("A-1");
      const ticket = await port.getTicketContext("T-1");
      // Then no payment method, card, IBAN or bank attribute is in what it got or in what it logged as read
      const seen = JSON.stringify([account, ticket]);
      expect(seen, agent).not.toMatch(/4242|DE8937|ACME Bank|"card"/);
      expect(account?.account.attributes, agent).toEqual({ csm: "j.doe", nps: 40 });
      expect(ticket?.customer, agent).toEqual({ id: "A-1", tier: "gold", arr: 50000, attributes: { csm: "j.doe", nps: 40 } });
      expect(port.fieldsRead().filter((f) => /payment|card|iban|bank/i.test(f)), agent).toEqual([]);
      expect(port.fieldsRead(), agent).toContain("account.attributes.nps");
    }
  });

  it("refuses a forbidden write before it reaches the CRM", async () => {
    const port = guardPort(createLivePort(t.db, { tenantId: "t1" }), fieldPolicyFor("lead-triage"));
    await expect(
      port.applyAction({ id: "offer_discount:1", kind: "offer_discount", target: { type: "account", id: "A-1" }, params: { percent: 50 }, summary: "50% off" }, "run-x:offer_discount:1"),
    ).rejects.toMatchObject({ code: "FIELD_FORBIDDEN" });
    const audit = await t.db.pool.query("SELECT count(*)::int AS n FROM crm_actions");
    const tasks = await t.db.pool.query("SELECT count(*)::int AS n FROM tasks");
    expect([audit.rows[0], tasks.rows[0]]).toEqual([{ n: 0 }, { n: 0 }]);
  });
});
