import type { Queryable } from "../../db/pool.ts";
import { AppError } from "../../core/errors.ts";
import { normCompany, normEmail, normPhone } from "../live/normalize.ts";
import { tsOf } from "../live/rows.ts";
import { IMPORT_TABLES, type ColumnSpec, type ImportTable } from "./tables.ts";

/** One row to write: `id` (the natural key) plus any of the table's columns. */
export type RowValues = { id: string } & Record<string, unknown>;

/** Make sure the tenant exists (imports and seeds may be the first thing a tenant sees). */
export async function ensureTenant(db: Queryable, tenantId: string, name?: string): Promise<void> {
  await db.query("INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", [tenantId, name ?? tenantId]);
}

/** Column → value with the derived `*_ts` and `*_norm` columns filled in. */
function expand(table: ImportTable, row: RowValues): Map<string, unknown> {
  const spec: Record<string, ColumnSpec> = IMPORT_TABLES[table].columns;
  const out = new Map<string, unknown>([["id", row.id]]);
  for (const [col, value] of Object.entries(row)) {
    if (col === "id" || value === undefined) continue;
    const c = spec[col];
    if (!c) throw new AppError("INPUT_INVALID", `${table} has no column "${col}"`, { table, column: col });
    out.set(col, c.type === "jsonb" ? JSON.stringify(value ?? {}) : value);
    if (c.ts) out.set(c.ts, typeof value === "string" ? tsOf(value) : null);
    if (c.norm) {
      const s = typeof value === "string" ? value : undefined;
      const country = typeof row.country === "string" ? row.country : undefined;
      const n = c.norm.kind === "email" ? normEmail(s) : c.norm.kind === "phone" ? normPhone(s, country) : normCompany(s);
      out.set(c.norm.column, n ?? null);
    }
  }
  if (table === "tickets" && !out.has("status")) out.set("status", out.get("closed_at") ? "closed" : "open");
  return out;
}

/**
 * Insert or update rows by `(tenant_id, id)`. Only the columns a row provides are written,
 * so an update never blanks a column the source did not give (rows are grouped by the set
 * of columns they carry, one statement per group); `attributes` are merged (new keys win).
 * Rows repeating an id keep the last one.
 */
export async function upsertRows(db: Queryable, tenantId: string, table: ImportTable, rows: RowValues[], opts: UpsertOptions = {}): Promise<number> {
  const byId = new Map<string, Map<string, unknown>>();
  for (const r of rows) byId.set(r.id, expand(table, r));
  const groups = new Map<string, Map<string, unknown>[]>();
  for (const r of byId.values()) {
    const signature = [...r.keys()].sort().join(",");
    groups.set(signature, [...(groups.get(signature) ?? []), r]);
  }
  let written = 0;
  for (const group of groups.values()) written += await upsertGroup(db, tenantId, table, group, opts.keepExisting ?? false);
  return written;
}

export interface UpsertOptions {
  /** Insert missing rows only; existing rows (perhaps changed since by agents or people) are left alone. */
  keepExisting?: boolean;
}

async function upsertGroup(db: Queryable, tenantId: string, table: ImportTable, rows: Map<string, unknown>[], keepExisting: boolean): Promise<number> {
  const columns = [...(rows[0]?.keys() ?? [])];
  const params: unknown[] = [tenantId];
  const tuples = rows.map((r) => {
    const slots = columns.map((c) => {
      params.push(r.get(c));
      return `$${params.length}`;
    });
    return `($1, ${slots.join(", ")})`;
  });
  const updates = columns
    .filter((c) => c !== "id")
    .map((c) => (c === "attributes" ? `attributes = ${table}.attributes || excluded.attributes` : `${c} = excluded.${c}`));
  if (IMPORT_TABLES[table].touch) updates.push("updated_at = now()");
  const conflict = updates.length && !keepExisting ? `DO UPDATE SET ${updates.join(", ")}` : "DO NOTHING";
  const sql = `INSERT INTO ${table} (tenant_id, ${columns.join(", ")}) VALUES ${tuples.join(", ")}
    ON CONFLICT (tenant_id, id) ${conflict}`;
  const res = await db.query(sql, params);
  return res.rowCount ?? 0;
}
