import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateAll } from "../../app/migrations.ts";
import { openTestDb, type TestDb } from "../../test/db.ts";
import { ensureTenant, upsertRows } from "../import/upsert.ts";
import type { ProposedAction } from "../types.ts";
import { suggestLeadOwner } from "../../tools/lead/suggest-owner.ts";
import { createLivePort } from "./port.ts";

/** A small live CRM for one tenant ("t1") plus a neighbour tenant ("t2") that must stay invisible. */
async function fixture(t: TestDb): Promise<void> {
  const db = t.db.pool;
  await ensureTenant(db, "t1");
  await ensureTenant(db, "t2");
  await upsertRows(db, "t1", "accounts", [{
    id: "A-1", name: "Acme GmbH", segment: "mid-market", country: "DE", arr: 24000, contract_term: "annual",
    renewal_date: "2026-03-31", payment_method: "invoice", tier: "gold", attributes: { csm: "j.doe", cardLast4: "4242" },
  }]);
  await upsertRows(db, "t2", "accounts", [{ id: "A-2", name: "Other tenant's account" }]);
  await upsertRows(db, "t1", "usage_events", [
    { id: "u1", account_id: "A-1", date: "2025-12-01", metric: "logins", value: 120 },
    { id: "u2", account_id: "A-1", date: "2026-01-01T18:00:00Z", metric: "logins", value: 90 },
    { id: "u3", account_id: "A-1", date: "2026-01-02", metric: "logins", value: 10 },
  ]);
  await upsertRows(db, "t1", "tickets", [
    { id: "T-1", account_id: "A-1", subject: "Export broken", opened_at: "2025-11-02", closed_at: "2025-11-09", csat: 2, escalated: true, priority: "high" },
    { id: "T-2", account_id: "A-1", subject: "Still broken", opened_at: "2025-12-20", closed_at: "2026-01-15", csat: 1, escalated: false },
    { id: "T-3", account_id: "A-1", subject: "Future", opened_at: "2026-02-01" },
  ]);
  await upsertRows(db, "t1", "events", [
    { id: "e1", account_id: "A-1", at: "2025-10-01", type: "champion_left", detail: "VP Ops left" },
    { id: "e2", account_id: "A-1", at: "2026-03-31", type: "churned" },
  ]);
  await upsertRows(db, "t1", "leads", [
    { id: "L-1", name: "Ana Ruiz", email: "ana@acme.io", phone: "+34 911 234 567", company: "Acme Inc.", country: "ES", created_at: "2025-12-30", attributes: { employees: 120 } },
    { id: "L-2", name: "Ana Ruiz", email: "Ana+webinar@ACME.io", company: "ACME", country: "ES", created_at: "2025-12-31" },
    { id: "L-3", name: "Bob Stone", phone: "0034 911-234-567", company: "Stone Labs", country: "ES", created_at: "2025-12-31" },
    { id: "L-4", name: "Ana Ruis", company: "Acme Incorporated", created_at: "2025-12-31" },
    { id: "L-5", name: "Later Lead", email: "ana@acme.io", created_at: "2026-02-01" },
    { id: "L-6", name: "Zed Unrelated", email: "zed@zed.io", company: "Zed", created_at: "2025-12-01" },
  ]);
  await upsertRows(db, "t2", "leads", [{ id: "L-9", name: "Ana Ruiz", email: "ana@acme.io", created_at: "2025-12-01" }]);
  await upsertRows(db, "t1", "contacts", [{ id: "C-1", account_id: "A-1", name: "Ana Ruiz", email: "ana@acme.io", created_at: "2024-01-01" }]);
  await upsertRows(db, "t1", "activities", [
    { id: "a1", lead_id: "L-1", at: "2025-12-31", type: "page_view", value: 3, detail: "/pricing" },
    { id: "a2", lead_id: "L-1", at: "2026-01-05", type: "demo_request" },
  ]);
  await upsertRows(db, "t1", "reps", [
    { id: "R-1", name: "Sam", role: "support", skills: ["Billing"], languages: ["en", "de"], territories: ["DE"], senior: true, capacity: 10 },
    { id: "R-2", name: "Kim", role: "sales", skills: [], languages: ["es"], territories: [], senior: false, capacity: 30 },
  ]);
  await upsertRows(db, "t1", "tickets", [{ id: "T-9", account_id: "A-1", subject: "Invoice charged twice", language: "en", opened_at: "2025-12-31", assignee: "R-1" }]);
}

const task = (over: Partial<ProposedAction> = {}): ProposedAction => ({
  id: "create_task:1", kind: "create_task", target: { type: "account", id: "A-1" }, params: { title: "Book an exec QBR" }, summary: "Book an exec QBR", ...over,
});

describe("live CRM port", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb();
    await migrateAll(t.db);
    await fixture(t);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("cuts account history at asOf exactly like a case snapshot", async () => {
    // Given a live port at 2026-01-01 (a bare date: the whole day counts)
    const port = createLivePort(t.db, { tenantId: "t1", asOf: "2026-01-01" });
    // When reading the account
    const ctx = await port.getAccountContext("A-1");
    // Then later usage, tickets and events are invisible and a ticket closed later is still open, without its CSAT
    expect(ctx?.account).toEqual({
      id: "A-1", name: "Acme GmbH", segment: "mid-market", country: "DE", arr: 24000, contractTerm: "annual",
      renewalDate: "2026-03-31", paymentMethod: "invoice", attributes: { csm: "j.doe", cardLast4: "4242" },
    });
    expect(ctx?.usage.map((u) => u.value)).toEqual([120, 90]);
    expect(ctx?.tickets.map((x) => x.id)).toEqual(["T-1", "T-2", "T-9"]);
    expect(ctx?.tickets.find((x) => x.id === "T-2")).toEqual({ id: "T-2", openedAt: "2025-12-20", subject: "Still broken", escalated: false });
    expect(ctx?.tickets.find((x) => x.id === "T-1")).toMatchObject({ closedAt: "2025-11-09", csat: 2 });
    expect(ctx?.events).toEqual([{ at: "2025-10-01", type: "champion_left", detail: "VP Ops left" }]);
    // And later asOf sees more
    const later = await createLivePort(t.db, { tenantId: "t1", asOf: "2026-04-01" }).getAccountContext("A-1");
    expect(later?.usage).toHaveLength(3);
    expect(later?.events.map((e) => e.type)).toEqual(["champion_left", "churned"]);
  });

  it("scopes every read to its tenant", async () => {
    const port = createLivePort(t.db, { tenantId: "t1" });
    expect(await port.getAccountContext("A-2")).toBeUndefined();
    const other = createLivePort(t.db, { tenantId: "t2" });
    expect(await other.getAccountContext("A-1")).toBeUndefined();
  });

  it("reads a lead with its activities up to asOf, and hides leads created later", async () => {
    const port = createLivePort(t.db, { tenantId: "t1", asOf: "2026-01-01" });
    const ctx = await port.getLeadContext("L-1");
    expect(ctx?.lead).toMatchObject({ id: "L-1", email: "ana@acme.io", createdAt: "2025-12-30", attributes: { employees: 120 } });
    expect(ctx?.activities).toEqual([{ at: "2025-12-31", type: "page_view", value: 3, detail: "/pricing" }]);
    expect(await port.getLeadContext("L-5")).toBeUndefined();
  });

  it("reads a ticket with its customer's tier, value and attributes", async () => {
    const port = createLivePort(t.db, { tenantId: "t1" });
    const ctx = await port.getTicketContext("T-9");
    expect(ctx).toEqual({
      ticket: { id: "T-9", subject: "Invoice charged twice", language: "en", attributes: {} },
      customer: { id: "A-1", tier: "gold", arr: 24000, attributes: { csm: "j.doe", cardLast4: "4242" } },
    });
    expect(await port.getTicketContext("nope")).toBeUndefined();
  });

  it("finds duplicates by normalised email and phone exactly and by company and name loosely", async () => {
    const port = createLivePort(t.db, { tenantId: "t1", asOf: "2026-01-01" });
    // When checking L-1 (ana@acme.io, +34 911 234 567, Acme Inc., Ana Ruiz)
    const found = await port.findPeople({ excludeId: "L-1", emails: ["ana@acme.io"], phones: ["+34 911 234 567"], company: "Acme Inc.", name: "Ana Ruiz" });
    const ids = found.map((p) => `${p.type}:${p.id}`);
    // Then the plus-addressed email, the reformatted phone, the contact, and the look-alike name+company are found
    expect(ids).toEqual(expect.arrayContaining(["lead:L-2", "lead:L-3", "contact:C-1", "lead:L-4"]));
    // And not itself, not the unrelated lead, not a lead created after asOf, not another tenant's lead
    expect(ids).not.toContain("lead:L-1");
    expect(ids).not.toContain("lead:L-6");
    expect(ids).not.toContain("lead:L-5");
    expect(ids).not.toContain("lead:L-9");
    // Exact matches rank before the fuzzy one
    expect(ids.indexOf("lead:L-4")).toBe(ids.length - 1);
    expect(found.find((p) => p.id === "C-1")).toMatchObject({ accountId: "A-1", email: "ana@acme.io" });
  });

  it("lists reps of a role with their open load", async () => {
    const port = createLivePort(t.db, { tenantId: "t1" });
    const support = await port.listReps("support");
    expect(support).toEqual([{ id: "R-1", name: "Sam", role: "support", skills: ["Billing"], languages: ["en", "de"], territories: ["DE"], senior: true, capacity: 10, load: 1 }]);
    expect((await port.listReps("sales")).map((r) => r.id)).toEqual(["R-2"]);
  });

  it("applies an action once per idempotency key, audited with its effect", async () => {
    const port = createLivePort(t.db, { tenantId: "t1" });
    // When the same action is applied, then retried with the same key
    const first = await port.applyAction(task(), "run-1:create_task:1");
    const retry = await port.applyAction(task(), "run-1:create_task:1");
    // Then one task exists, the retry reports the original record, and the audit holds one row pointing at it
    expect(first.status).toBe("applied");
    expect(retry).toEqual({ status: "already_applied", recordId: first.recordId, idempotencyKey: "run-1:create_task:1" });
    const tasks = await t.db.pool.query("SELECT id, title, subject_id FROM tasks WHERE tenant_id = 't1'");
    expect(tasks.rows).toEqual([{ id: first.recordId, title: "Book an exec QBR", subject_id: "A-1" }]);
    const audit = await t.db.pool.query("SELECT kind, record_table, record_id FROM crm_actions WHERE tenant_id = 't1' AND idempotency_key = 'run-1:create_task:1'");
    expect(audit.rows).toEqual([{ kind: "create_task", record_table: "tasks", record_id: first.recordId }]);
  });

  it("creates exactly one effect when retries race each other", async () => {
    const port = createLivePort(t.db, { tenantId: "t1" });
    const draft = task({ id: "draft_email:1", kind: "draft_email", params: { to: "ana@acme.io", body: "Hi Ana" }, summary: "Email Ana" });
    // When five retries of one action run concurrently (separate connections on real Postgres)
    const results = await Promise.all(Array.from({ length: 5 }, () => port.applyAction(draft, "run-2:draft_email:1")));
    // Then exactly one applied, all name the same record, and one draft exists
    expect(results.filter((r) => r.status === "applied")).toHaveLength(1);
    expect(new Set(results.map((r) => r.recordId)).size).toBe(1);
    const drafts = await t.db.pool.query("SELECT count(*)::int AS n FROM email_drafts WHERE tenant_id = 't1' AND idempotency_key = 'run-2:draft_email:1'");
    expect(drafts.rows[0]).toEqual({ n: 1 });
  });

  it("routes a ticket, keeping what it replaced, and refuses a key reused for another kind", async () => {
    const port = createLivePort(t.db, { tenantId: "t1" });
    const route: ProposedAction = { id: "route_ticket:1", kind: "route_ticket", target: { type: "ticket", id: "T-9" }, params: { queue: "Billing and Payments", priority: "high", assignee: "R-1" }, summary: "Route to billing" };
    const res = await port.applyAction(route, "run-3:route_ticket:1");
    const ticket = await t.db.pool.query("SELECT queue, priority, assignee FROM tickets WHERE tenant_id = 't1' AND id = 'T-9'");
    expect(ticket.rows[0]).toEqual({ queue: "Billing and Payments", priority: "high", assignee: "R-1" });
    const assignment = await t.db.pool.query("SELECT queue, previous FROM assignments WHERE tenant_id = 't1' AND id = $1", [res.recordId]);
    expect(assignment.rows[0]).toEqual({ queue: "Billing and Payments", previous: { queue: null, priority: null, assignee: "R-1" } });
    await expect(port.applyAction(task(), "run-3:route_ticket:1")).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("leaves no audit row behind when the effect fails", async () => {
    const port = createLivePort(t.db, { tenantId: "t1" });
    // Given an action on a record that does not exist
    await expect(port.applyAction(task({ target: { type: "account", id: "missing" } }), "run-4:create_task:1")).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Then the key is still free: nothing was half-written
    const audit = await t.db.pool.query("SELECT count(*)::int AS n FROM crm_actions WHERE idempotency_key = 'run-4:create_task:1'");
    expect(audit.rows[0]).toEqual({ n: 0 });
    // And the same key works once the record exists
    await upsertRows(t.db.pool, "t1", "accounts", [{ id: "missing", name: "Now here" }]);
    expect((await port.applyAction(task({ target: { type: "account", id: "missing" } }), "run-4:create_task:1")).status).toBe("applied");
  });

  it("takes round-robin turns across runs from the assignments already applied", async () => {
    // Given a tenant with three sales reps covering Spain and three new Spanish leads
    const db = t.db.pool;
    await ensureTenant(db, "t3");
    await upsertRows(db, "t3", "reps", ["R-a", "R-b", "R-c"].map((id) => ({ id, name: id, role: "sales", territories: ["ES"], capacity: 10 })));
    await upsertRows(db, "t3", "leads", ["L-a", "L-b", "L-c", "L-d"].map((id) => ({ id, name: id, country: "ES", created_at: "2025-12-01" })));
    const port = createLivePort(t.db, { tenantId: "t3" });
    // When each lead is assigned in turn, each run a fresh port reading what earlier runs applied
    const owners: string[] = [];
    for (const id of ["L-a", "L-b", "L-c", "L-d"]) {
      const a = await suggestLeadOwner(createLivePort(t.db, { tenantId: "t3" }), { id, country: "ES" }, {});
      if (a.status !== "assigned") throw new Error(a.why);
      owners.push(a.repId);
      await port.applyAction(
        { id: "assign_owner:1", kind: "assign_owner", target: { type: "lead", id }, params: { ownerId: a.repId, ownerName: a.repName, why: a.why, roundRobinPool: a.poolKey }, summary: `Assign ${id}` },
        `run-${id}:assign_owner:1`,
      );
    }
    // Then the reps take turns in order, wrapping round, and the last turn is what the port reports
    const order = ["R-a", "R-b", "R-c"];
    const start = order.indexOf(owners[0] ?? "");
    expect(owners).toEqual([0, 1, 2, 3].map((k) => order[(start + k) % 3]));
    expect(await port.lastAssignees()).toEqual({ "R-a,R-b,R-c": owners[3] });
    // And another tenant's turns are its own
    expect(await createLivePort(t.db, { tenantId: "t1" }).lastAssignees()).toEqual({});
  });
});
