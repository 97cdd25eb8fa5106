import { withTransaction, type Db } from "../db/pool.ts";
import { migrateAll } from "../app/migrations.ts";
import { writeCase } from "../crm/import/cases.ts";
import { fitModel } from "../models/index.ts";
import { syntheticRenewalCases } from "./renewal-cases.ts";

/**
 * A tenant with renewal history imported as live data, a promoted model fitted on it, and
 * a policy that makes the renewal agent alert and ask a manager (save offer) — so every
 * runtime test reaches the human veto deterministically.
 */
export async function seedRuntimeTenant(db: Db, tenantId = "t1"): Promise<{ accountId: string }> {
  await migrateAll(db);
  const cases = syntheticRenewalCases(60);
  await db.pool.query(`INSERT INTO tenants (id, name) VALUES ($1, $1) ON CONFLICT DO NOTHING`, [tenantId]);
  await withTransaction(db, async (client) => {
    for (const c of cases) await writeCase(client, tenantId, c);
  });
  const model = fitModel("renewal-risk", cases, { seed: 3, folds: 3 });
  await db.pool.query(`INSERT INTO models (id, tenant_id, agent, status, file) VALUES ($1, $2, 'renewal-risk', 'promoted', $3) ON CONFLICT DO NOTHING`, [
    model.id,
    tenantId,
    JSON.stringify(model),
  ]);
  const policy = { agents: { "renewal-risk": { alertThreshold: 0.01, settings: { highRiskAbove: 0.02, strategicArr: 0, urgentDays: 90 } } } };
  await db.pool.query(
    `INSERT INTO tenant_settings (tenant_id, settings) VALUES ($1, $2) ON CONFLICT (tenant_id) DO UPDATE SET settings = EXCLUDED.settings`,
    [tenantId, JSON.stringify({ policy })],
  );
  return { accountId: "A-2" };
}

export const manager = (tenantId = "t1") => ({ id: "mgr-1", role: "manager" as const, tenantId });
export const rep = (tenantId = "t1") => ({ id: "rep-1", role: "rep" as const, tenantId });
