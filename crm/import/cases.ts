import type pg from "pg";
import { instant } from "../../cases/as-of.ts";
import { emptyReport, streamCases, type CaseIssue, type ReadReport } from "../../cases/reader.ts";
import type { Case, LeadCase, RenewalCase, RoutingCase } from "../../cases/schema.ts";
import { errorMessage } from "../../core/errors.ts";
import { withTransaction, type Db } from "../../db/pool.ts";
import { ensureTenant, upsertRows, type RowValues } from "./upsert.ts";

/**
 * Load a case file into the live CRM, so history becomes live data: renewal cases become
 * an account with its usage, tickets and events; lead cases a lead with its activities;
 * routing cases a ticket and its customer (an account). Outcomes are kept as what later
 * happened to the record (a `churned` event at `outcome.at`, a converted lead, the ticket's
 * final queue/priority/assignee); reads cut at `asOf` never see them early.
 *
 * Re-runnable: every row has a natural key (record ids; for undated-id history rows
 * account + metric/type + date + occurrence), so importing twice updates in place. One
 * transaction per batch, one savepoint per case: a case that fails is reported and leaves
 * nothing behind.
 */
export interface CaseImportReport extends ReadReport {
  imported: number;
  rows: Record<string, number>;
}

export interface CaseImportOptions {
  tenantId: string;
  batchSize?: number;
  onProgress?: (done: number) => void;
}

export async function importCases(db: Db, file: string, opts: CaseImportOptions): Promise<CaseImportReport> {
  const read = emptyReport(file);
  const report: CaseImportReport = Object.assign(read, { imported: 0, rows: {} as Record<string, number> });
  const batchSize = opts.batchSize ?? 200;
  await ensureTenant(db.pool, opts.tenantId);
  let batch: { line: number; c: Case }[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const current = batch;
    batch = [];
    await withTransaction(db, async (client) => {
      for (const { line, c } of current) {
        await client.query("SAVEPOINT one_case");
        try {
          const counts = await writeCase(client, opts.tenantId, c);
          await client.query("RELEASE SAVEPOINT one_case");
          report.imported++;
          for (const [k, n] of Object.entries(counts)) report.rows[k] = (report.rows[k] ?? 0) + n;
        } catch (err) {
          await client.query("ROLLBACK TO SAVEPOINT one_case");
          const issue: CaseIssue = { line, id: c.id, reason: `not imported: ${errorMessage(err)}` };
          report.skipped++;
          report.issues.push(issue);
        }
      }
    });
    opts.onProgress?.(report.imported + report.skipped);
  };
  for await (const located of streamCases(file, {}, read)) {
    batch.push({ line: located.line, c: located.case });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return report;
}

/** Write one case; returns rows written per table. */
export async function writeCase(client: pg.PoolClient, tenantId: string, c: Case): Promise<Record<string, number>> {
  switch (c.agent) {
    case "renewal-risk":
      return writeRenewal(client, tenantId, c);
    case "lead-triage":
      return writeLead(client, tenantId, c);
    case "service-routing":
      return writeRouting(client, tenantId, c);
  }
}

/** `base|metric|date|k`: the k-th row with that metric and date, so duplicates within a case survive. */
function historyIds<T>(base: string, rows: T[], keyOf: (r: T) => string): string[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const key = `${base}|${keyOf(r)}`;
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    return `${key}|${k}`;
  });
}

async function writeRenewal(client: pg.PoolClient, tenantId: string, c: RenewalCase): Promise<Record<string, number>> {
  const a = c.account;
  const accountId = a.id;
  await upsertRows(client, tenantId, "accounts", [{
    id: accountId, name: a.name, segment: a.segment, industry: a.industry, country: a.country, plan: a.plan, arr: a.arr,
    seats: a.seats, tenure_months: a.tenureMonths, contract_term: a.contractTerm, renewal_date: a.renewalDate,
    auto_renew: a.autoRenew, payment_method: a.paymentMethod, attributes: a.attributes ?? {},
  }]);
  const usageIds = historyIds(`${accountId}|u`, c.usage, (u) => `${u.metric}|${u.date}`);
  const usage: RowValues[] = c.usage.map((u, i) => ({ id: usageIds[i] ?? "", account_id: accountId, date: u.date, metric: u.metric, value: u.value }));
  const tickets: RowValues[] = c.tickets.map((t) => ({
    id: t.id, account_id: accountId, opened_at: t.openedAt, closed_at: t.closedAt ?? null, priority: t.priority ?? null,
    subject: t.subject ?? null, body: t.body ?? null, csat: t.csat ?? null, escalated: t.escalated ?? null,
  }));
  const events = [...c.events];
  // Only a churn after decision time is history to keep; one dated earlier would leak into a replay of this very case.
  if (c.outcome?.churned && c.outcome.at && instant(c.outcome.at) > instant(c.asOf)) {
    events.push({ at: c.outcome.at, type: "churned", detail: "outcome" });
  }
  const eventIds = historyIds(`${accountId}|e`, events, (e) => `${e.type}|${e.at}`);
  const eventRows: RowValues[] = events.map((e, i) => ({ id: eventIds[i] ?? "", account_id: accountId, at: e.at, type: e.type, detail: e.detail ?? null }));
  return {
    accounts: 1,
    usage_events: await chunked(client, tenantId, "usage_events", usage),
    tickets: await chunked(client, tenantId, "tickets", tickets),
    events: await chunked(client, tenantId, "events", eventRows),
  };
}

async function writeLead(client: pg.PoolClient, tenantId: string, c: LeadCase): Promise<Record<string, number>> {
  const l = c.lead;
  const row: RowValues = {
    id: l.id, name: l.name, email: l.email, phone: l.phone, company: l.company, title: l.title, source: l.source,
    country: l.country, city: l.city, created_at: l.createdAt, attributes: l.attributes ?? {},
  };
  if (c.outcome?.converted) row.status = "converted";
  await upsertRows(client, tenantId, "leads", [row]);
  const ids = historyIds(`${l.id}|a`, c.activities, (a) => `${a.type}|${a.at}`);
  const acts: RowValues[] = c.activities.map((a, i) => ({ id: ids[i] ?? "", lead_id: l.id, at: a.at, type: a.type, value: a.value ?? null, detail: a.detail ?? null }));
  return { leads: 1, activities: await chunked(client, tenantId, "activities", acts) };
}

async function writeRouting(client: pg.PoolClient, tenantId: string, c: RoutingCase): Promise<Record<string, number>> {
  const t = c.ticket;
  let accountId: string | null = null;
  if (c.customer) {
    // A customer without an id still becomes an account, named after its ticket.
    accountId = c.customer.id ?? `customer-${t.id}`;
    await upsertRows(client, tenantId, "accounts", [{ id: accountId, tier: c.customer.tier, arr: c.customer.arr, attributes: c.customer.attributes ?? {} }]);
  }
  // Routing cases carry no ticket dates: the ticket arrived at decision time.
  const row: RowValues = {
    id: t.id, account_id: accountId, subject: t.subject ?? null, body: t.body ?? null, channel: t.channel ?? null,
    language: t.language ?? null, opened_at: c.asOf, attributes: t.attributes ?? {},
  };
  if (c.outcome) Object.assign(row, { queue: c.outcome.queue, priority: c.outcome.priority ?? null, assignee: c.outcome.assignee ?? null });
  await upsertRows(client, tenantId, "tickets", [row]);
  return { tickets: 1, accounts: accountId ? 1 : 0 };
}

async function chunked(client: pg.PoolClient, tenantId: string, table: "usage_events" | "tickets" | "events" | "activities", rows: RowValues[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 1000) n += await upsertRows(client, tenantId, table, rows.slice(i, i + 1000));
  return n;
}
