import { instant } from "../../cases/as-of.ts";
import { AppError } from "../../core/errors.ts";
import { withTransaction, type Db } from "../../db/pool.ts";
import type { CrmPort, PeopleQuery } from "../port.ts";
import type { AccountContext, ActionResult, ExistingPerson, LeadContext, ProposedAction, Rep, RoundRobinCursor, TicketContext } from "../types.ts";
import { alreadyApplied, applyEffect } from "./actions.ts";
import { findPeople } from "./people.ts";
import {
  toAccount, toActivity, toCustomer, toEvent, toLead, toTicket, toTicketRow, toUsage,
  type AccountRow, type LeadDbRow, type TicketDbRow,
} from "./rows.ts";
import {
  SELECT_ACCOUNT, SELECT_ACCOUNT_TICKETS, SELECT_ACTIVITIES, SELECT_EVENTS, SELECT_LAST_ASSIGNEES, SELECT_LEAD, SELECT_REPS, SELECT_TICKET,
  SELECT_USAGE, type RepDbRow,
} from "./sql.ts";

export interface LivePortOptions {
  tenantId: string;
  /** Decision time; default now. History dated after it is invisible, as in a case snapshot. */
  asOf?: string | undefined;
}

/**
 * The CRM port over the live Postgres tables of one tenant. Reads return case-shaped
 * records cut at `asOf` (so a live run and a sandbox replay of the same snapshot see the
 * same data); writes are idempotent by key and audited in `crm_actions`, in one
 * transaction with their effect.
 */
export function createLivePort(db: Db, opts: LivePortOptions): CrmPort {
  const tenantId = opts.tenantId;
  const asOf = opts.asOf ?? new Date().toISOString();
  const limitMs = instant(asOf);
  if (Number.isNaN(limitMs)) throw new AppError("INPUT_INVALID", `asOf is not a date: ${asOf}`, { asOf });
  const asOfTs = new Date(limitMs).toISOString();
  const q = db.pool;

  return {
    mode: "live",
    asOf,

    async getAccountContext(accountId: string): Promise<AccountContext | undefined> {
      const acc = await q.query<AccountRow>(SELECT_ACCOUNT, [tenantId, accountId]);
      const row = acc.rows[0];
      if (!row) return undefined;
      const args = [tenantId, accountId, asOfTs];
      const [usage, tickets, events] = await Promise.all([
        q.query<{ date: string; metric: string; value: number }>(SELECT_USAGE, args),
        q.query<TicketDbRow>(SELECT_ACCOUNT_TICKETS, args),
        q.query<{ at: string; type: string; detail: string | null }>(SELECT_EVENTS, args),
      ]);
      return {
        account: toAccount(row),
        usage: usage.rows.map(toUsage),
        tickets: tickets.rows.map((t) => toTicketRow(t, limitMs)),
        events: events.rows.map(toEvent),
      };
    },

    async getLeadContext(leadId: string): Promise<LeadContext | undefined> {
      const lead = await q.query<LeadDbRow>(SELECT_LEAD, [tenantId, leadId, asOfTs]);
      const row = lead.rows[0];
      if (!row) return undefined;
      const acts = await q.query<{ at: string; type: string; value: number | null; detail: string | null }>(SELECT_ACTIVITIES, [
        tenantId, leadId, asOfTs,
      ]);
      return { lead: toLead(row), activities: acts.rows.map(toActivity) };
    },

    async getTicketContext(ticketId: string): Promise<TicketContext | undefined> {
      const t = await q.query<TicketDbRow>(SELECT_TICKET, [tenantId, ticketId, asOfTs]);
      const row = t.rows[0];
      if (!row) return undefined;
      if (!row.account_id) return { ticket: toTicket(row) };
      const acc = await q.query<AccountRow>(SELECT_ACCOUNT, [tenantId, row.account_id]);
      const customer = acc.rows[0];
      return customer ? { ticket: toTicket(row), customer: toCustomer(customer) } : { ticket: toTicket(row) };
    },

    findPeople(query: PeopleQuery): Promise<ExistingPerson[]> {
      return findPeople(q, tenantId, asOfTs, query);
    },

    async listReps(role: Rep["role"]): Promise<Rep[]> {
      const { rows } = await q.query<RepDbRow>(SELECT_REPS, [tenantId, role]);
      return rows.map((r) => ({
        id: r.id, name: r.name, role: r.role, skills: r.skills, languages: r.languages, territories: r.territories,
        senior: r.senior, capacity: r.capacity, load: Number(r.load),
      }));
    },

    async lastAssignees(): Promise<RoundRobinCursor> {
      const { rows } = await q.query<{ pool: string; owner: string }>(SELECT_LAST_ASSIGNEES, [tenantId]);
      return Object.fromEntries(rows.map((r) => [r.pool, r.owner]));
    },

    applyAction(action: ProposedAction, idempotencyKey: string): Promise<ActionResult> {
      if (!idempotencyKey) throw new AppError("INPUT_INVALID", "applyAction needs an idempotency key");
      return withTransaction(db, async (client) => {
        // The audit row claims the key first: a concurrent retry blocks on it here and, once
        // this transaction commits, finds the key taken and reports the original record.
        const claimed = await client.query(
          `INSERT INTO crm_actions (tenant_id, idempotency_key, kind, target_type, target_id, params, summary)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING idempotency_key`,
          [tenantId, idempotencyKey, action.kind, action.target.type, action.target.id, JSON.stringify(action.params), action.summary],
        );
        if (claimed.rowCount === 0) {
          const prior = await client.query<{ record_id: string | null; kind: string }>(
            "SELECT record_id, kind FROM crm_actions WHERE tenant_id = $1 AND idempotency_key = $2",
            [tenantId, idempotencyKey],
          );
          const row = prior.rows[0];
          if (row && row.kind !== action.kind) {
            throw new AppError("CONFLICT", `Idempotency key ${idempotencyKey} was used for ${row.kind}, not ${action.kind}`, { idempotencyKey });
          }
          return alreadyApplied(row?.record_id ?? "", idempotencyKey);
        }
        const effect = await applyEffect(client, tenantId, action, idempotencyKey);
        await client.query("UPDATE crm_actions SET record_table = $3, record_id = $4 WHERE tenant_id = $1 AND idempotency_key = $2", [
          tenantId, idempotencyKey, effect.table, effect.recordId,
        ]);
        return { status: "applied", recordId: effect.recordId, idempotencyKey };
      });
    },
  };
}
