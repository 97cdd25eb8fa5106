import type { Db } from "../../db/pool.ts";
import { seedDemo } from "../../crm/seed/seed.ts";
import { ROLES } from "../../core/principal.ts";
import { createApiKey, dbKeyStore, dbSettingsStore } from "../../server/stores.ts";
import { ensureDemoKnowledge } from "./knowledge.ts";
import { ensureDemoModels } from "./models.ts";

/** The tenant `scenario serve --demo` seeds and prints keys for. */
export const DEMO_TENANT = "demo";

const SQL_REVOKE_DEMO_KEYS = `UPDATE api_keys SET revoked_at = now() WHERE tenant_id = $1 AND name LIKE 'demo-%' AND revoked_at IS NULL`;
const SQL_HAS_ACCOUNTS = `SELECT 1 FROM accounts WHERE tenant_id = $1 LIMIT 1`;

/** The demo's suggested account: renewing soon, with the warning signs a CSM would see (a champion left, escalations). */
const SQL_FIRST_RENEWAL = `
SELECT a.id FROM accounts a
 WHERE a.tenant_id = $1 AND a.renewal_ts > now()
 ORDER BY (SELECT count(*) FROM events e WHERE e.tenant_id = a.tenant_id AND e.account_id = a.id AND e.type = 'champion_left') DESC,
          (SELECT count(*) FROM tickets t WHERE t.tenant_id = a.tenant_id AND t.account_id = a.id AND t.escalated) DESC,
          a.renewal_ts
 LIMIT 1`;
const SQL_NEWEST_LEAD = `SELECT id FROM leads WHERE tenant_id = $1 AND created_ts <= now() ORDER BY created_ts DESC LIMIT 1`;

/** What a demo start prints: fresh keys per role, the webhook secret and two subjects to try. */
export interface DemoTenant {
  seeded: boolean;
  keys: Record<string, string>;
  webhookSecret: string | undefined;
  accountId: string;
  leadId: string;
}

/**
 * The demo tenant, ready to use: the CRM seeded on first start (no demo accounts yet), a
 * promoted model per agent and the demo playbooks (both found on later starts), then fresh
 * keys for every role (the previous demo keys are revoked).
 */
export async function prepareDemo(db: Db, tenantId = DEMO_TENANT): Promise<DemoTenant> {
  let seeded = false;
  const { rowCount } = await db.pool.query(SQL_HAS_ACCOUNTS, [tenantId]);
  if (!rowCount) {
    await seedDemo(db, { tenantId });
    seeded = true;
  }
  await ensureDemoModels(db, tenantId);
  await ensureDemoKnowledge(db, tenantId);
  const { rows } = await db.pool.query<{ id: string }>(SQL_FIRST_RENEWAL, [tenantId]);
  const { rows: leads } = await db.pool.query<{ id: string }>(SQL_NEWEST_LEAD, [tenantId]);
  await db.pool.query(SQL_REVOKE_DEMO_KEYS, [tenantId]);
  const store = dbKeyStore(db);
  const keys: Record<string, string> = {};
  for (const role of ROLES) keys[role] = (await createApiKey(store, { tenantId, role, name: `demo-${role}` })).key;
  const webhookSecret = await dbSettingsStore(db).webhookSecret(tenantId, { create: true });
  return { seeded, keys, webhookSecret, accountId: rows[0]?.id ?? "<account id>", leadId: leads[0]?.id ?? "<lead id>" };
}
