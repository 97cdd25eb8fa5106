import { withTransaction, type Db } from "../../db/pool.ts";
import { ensureTenant, upsertRows } from "../import/upsert.ts";
import type { ImportTable } from "../import/tables.ts";
import { generateDemo, type DemoOptions } from "./generate.ts";

/** Order matters only for readability; there are no foreign keys between CRM records. */
const TABLES: ImportTable[] = ["reps", "accounts", "contacts", "usage_events", "tickets", "events", "leads", "activities"];

export interface SeedOptions extends DemoOptions {
  tenantId: string;
  tenantName?: string;
}

/**
 * Create the demo CRM for a tenant in one transaction. Every row has a fixed id and rows
 * that already exist are left as they are, so seeding twice never duplicates anything and
 * never undoes what agents or people changed since (a routed ticket stays routed).
 * Returns rows per table in the generated data set.
 */
export async function seedDemo(db: Db, opts: SeedOptions): Promise<Record<string, number>> {
  const data = generateDemo(opts);
  return withTransaction(db, async (client) => {
    await ensureTenant(client, opts.tenantId, opts.tenantName ?? "Demo Inc.");
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const rows = data[table] ?? [];
      for (let i = 0; i < rows.length; i += 1000) await upsertRows(client, opts.tenantId, table, rows.slice(i, i + 1000), { keepExisting: true });
      counts[table] = rows.length;
    }
    return counts;
  });
}
