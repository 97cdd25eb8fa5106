import { createHash } from "node:crypto";
import type pg from "pg";
import { AppError } from "../../core/errors.ts";
import type { ActionResult, ProposedAction } from "../types.ts";
import { PARAM_NAMES, paramNum, paramStr, validateActionParams } from "../action-params.ts";

/**
 * Side effects in the live CRM. Each runs inside the caller's transaction, after the
 * `crm_actions` audit row for its idempotency key was inserted, so the effect and its audit
 * commit together or not at all. Params are read leniently (several common names per
 * field) and always kept whole in the effect row's `params`.
 */
type Params = ProposedAction["params"];

/** Where an effect landed. */
export interface Effect {
  table: string;
  recordId: string;
}

const SUBJECT_TABLE = { account: "accounts", lead: "leads", ticket: "tickets" } as const;

/** Deterministic record id: the same key always names the same record. */
export function recordIdFor(prefix: string, tenantId: string, key: string): string {
  return `${prefix}_${createHash("sha256").update(`${tenantId}\u0000${key}`).digest("hex").slice(0, 20)}`;
}

const str = paramStr;
const num = paramNum;

/** Apply one action's effect; returns the table and id of the record it created. */
export async function applyEffect(client: pg.PoolClient, tenantId: string, a: ProposedAction, key: string): Promise<Effect> {
  const target = await client.query(`SELECT 1 FROM ${SUBJECT_TABLE[a.target.type]} WHERE tenant_id = $1 AND id = $2`, [tenantId, a.target.id]);
  if (target.rowCount === 0) {
    throw new AppError("NOT_FOUND", `No ${a.target.type} ${a.target.id} to apply ${a.kind} to`, { target: a.target });
  }
  const p = a.params;
  const base = [tenantId, a.target.type, a.target.id, JSON.stringify(p), key] as const;
  switch (a.kind) {
    case "create_task":
    case "call":
    case "offer_discount":
    case "escalate": {
      const kind = { create_task: "task", call: "call", offer_discount: "discount", escalate: "escalation" }[a.kind];
      const id = recordIdFor("task", tenantId, key);
      await client.query(
        `INSERT INTO tasks (tenant_id, subject_type, subject_id, params, idempotency_key, id, kind, title, body, owner_id, due_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [...base, id, kind, str(p, "title") ?? a.summary, str(p, "body", "text", "note", "reason") ?? null,
          str(p, "ownerId", "owner", "assignee") ?? null, str(p, "dueAt", "due", "dueDate") ?? null],
      );
      if (a.kind === "escalate" && a.target.type === "ticket") {
        await client.query(
          `UPDATE tickets SET escalated = true, priority = coalesce($3, priority), updated_at = now() WHERE tenant_id = $1 AND id = $2`,
          [tenantId, a.target.id, str(p, "priority") ?? null],
        );
      }
      return { table: "tasks", recordId: id };
    }
    case "draft_email":
    case "draft_reply": {
      const id = recordIdFor("draft", tenantId, key);
      await client.query(
        `INSERT INTO email_drafts (tenant_id, subject_type, subject_id, params, idempotency_key, id, kind, to_address, email_subject, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [...base, id, a.kind === "draft_reply" ? "reply" : "email", str(p, "to", "email", "recipient") ?? null,
          str(p, "subject", "title") ?? a.summary, str(p, "body", "text") ?? null],
      );
      return { table: "email_drafts", recordId: id };
    }
    case "schedule_meeting": {
      const id = recordIdFor("meeting", tenantId, key);
      await client.query(
        `INSERT INTO meetings (tenant_id, subject_type, subject_id, params, idempotency_key, id, title, starts_at, duration_minutes, attendees)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [...base, id, str(p, "title") ?? a.summary, str(p, "startsAt", "start", "when", "at") ?? null,
          num(p, "durationMinutes", "duration", "minutes") ?? null, str(p, "attendees", "with") ?? null],
      );
      return { table: "meetings", recordId: id };
    }
    case "assign_owner":
    case "route_ticket":
      return assign(client, tenantId, a, key);
    case "merge_record":
    case "link_record": {
      const id = recordIdFor("link", tenantId, key);
      validateActionParams(a);
      const otherId = str(p, ...PARAM_NAMES.otherId) ?? "";
      const otherType = str(p, ...PARAM_NAMES.otherType) ?? a.target.type;
      await client.query(
        `INSERT INTO record_links (tenant_id, subject_type, subject_id, params, idempotency_key, id, kind, other_type, other_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [...base, id, a.kind === "merge_record" ? "merge" : "link", otherType, otherId],
      );
      if (a.kind === "merge_record" && a.target.type === "lead") {
        await client.query(`UPDATE leads SET status = 'merged', merged_into = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2`, [
          tenantId, a.target.id, otherId,
        ]);
      }
      return { table: "record_links", recordId: id };
    }
  }
}

/** assign_owner / route_ticket: change the record and keep the previous values for audit. */
async function assign(client: pg.PoolClient, tenantId: string, a: ProposedAction, key: string): Promise<Effect> {
  const p = a.params;
  validateActionParams(a);
  const assignee = str(p, ...PARAM_NAMES.assignee);
  const queue = str(p, ...PARAM_NAMES.queue);
  const priority = str(p, ...PARAM_NAMES.priority);
  let previous: Record<string, unknown> = {};
  if (a.target.type === "ticket") {
    const before = await client.query(`SELECT queue, assignee, priority FROM tickets WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, a.target.id]);
    previous = before.rows[0] ?? {};
    await client.query(
      `UPDATE tickets SET queue = coalesce($3, queue), assignee = coalesce($4, assignee), priority = coalesce($5, priority), updated_at = now()
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, a.target.id, queue ?? null, assignee ?? null, priority ?? null],
    );
  } else {
    const table = SUBJECT_TABLE[a.target.type];
    const before = await client.query(`SELECT owner_id FROM ${table} WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, a.target.id]);
    previous = before.rows[0] ?? {};
    await client.query(`UPDATE ${table} SET owner_id = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2`, [tenantId, a.target.id, assignee]);
  }
  const id = recordIdFor("assign", tenantId, key);
  await client.query(
    `INSERT INTO assignments (tenant_id, subject_type, subject_id, params, idempotency_key, id, kind, assignee, queue, priority, previous)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [tenantId, a.target.type, a.target.id, JSON.stringify(p), key, id, a.kind === "route_ticket" ? "route" : "owner",
      assignee ?? null, queue ?? null, priority ?? null, JSON.stringify(previous)],
  );
  return { table: "assignments", recordId: id };
}

/** The result of an action applied earlier under the same key. */
export function alreadyApplied(recordId: string, key: string): ActionResult {
  return { status: "already_applied", recordId, idempotencyKey: key };
}
