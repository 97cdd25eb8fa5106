import { parseArgs } from "node:util";
import { ROLES } from "../../server/keys.ts";
import { config } from "../../config/index.ts";
import { migrate } from "../../db/migrations.ts";
import { openDb, type Db } from "../../db/pool.ts";
import { ensureDemoModels } from "../../crm/seed/demo-models.ts";
import { ensureDemoKnowledge } from "../../crm/seed/demo-knowledge.ts";
import { seedDemo } from "../../crm/seed/seed.ts";
import { createJobHandlers } from "../../queue/handlers.ts";
import { createJobQueue, isInlineQueue } from "../../queue/index.ts";
import { requeueStranded } from "../../queue/requeue.ts";
import { createApp } from "../../server/app.ts";
import { listen } from "../../server/listen.ts";
import { createMetrics } from "../../server/metrics.ts";
import { dbModelService } from "../../server/model-registry.ts";
import { createApiKey, dbKeyStore, dbSettingsStore } from "../../server/stores.ts";

/** API key lookups are cached this long; a revoked key stops working within it. */
const KEY_CACHE_MS = 10_000;
import { knowledgeSearch, productionJobServices } from "../../server/wiring.ts";
import { usageError } from "../main.ts";
import { runUntilSignal } from "../shutdown.ts";

const USAGE = "scenario serve [--demo] [--port 3000] [--host 127.0.0.1]";
export const DEMO_TENANT = "demo";

/**
 * `scenario serve`: the HTTP API. Embedded defaults (PGlite under DATA_DIR, jobs inline)
 * unless DATABASE_URL / REDIS_URL are set. `--demo` seeds the demo CRM on first start and
 * prints one fresh API key per role (previous demo keys are revoked).
 */
export async function run(args: string[]): Promise<number> {
  let v: { demo: boolean; port?: string; host?: string; help: boolean };
  try {
    v = parseArgs({
      args,
      options: { demo: { type: "boolean", default: false }, port: { type: "string" }, host: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
    }).values;
  } catch (err) {
    throw usageError(err instanceof Error ? err.message : String(err), USAGE);
  }
  if (v.help) {
    process.stdout.write(`usage: ${USAGE}\n`);
    return 0;
  }
  const c = config();
  const port = v.port === undefined ? c.PORT : Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port must be an integer from 0 to 65535, got "${v.port}"`, USAGE);

  const db = await openDb({ url: c.DATABASE_URL, dataDir: c.DATA_DIR });
  await migrate(db);
  const { createRuntime } = await import("../../agents/runtime.ts");
  const runtime = await createRuntime({ db });
  const queue = createJobQueue({ redisUrl: c.REDIS_URL, concurrency: c.WORKER_CONCURRENCY });
  const metrics = createMetrics();
  if (isInlineQueue(queue)) queue.start(createJobHandlers(productionJobServices({ db, runtime, queue, metrics })));
  await queue.scheduleRecurring();
  // Inline jobs live in memory: runs a previous server left queued or half-run start again.
  if (isInlineQueue(queue)) await requeueStranded({ db, queue }, { graceSeconds: 0 });

  const demo = v.demo ? await prepareDemo(db) : undefined;
  const app = createApp({ db, runtime, queue, metrics, keys: dbKeyStore(db, { cacheMs: KEY_CACHE_MS }), searchKnowledge: knowledgeSearch(db), models: dbModelService(db), webhookSecret: c.WEBHOOK_SECRET });
  const server = await listen(app, { port, hostname: v.host ?? c.HOST });

  const out = [
    `scenario API listening on ${server.url}`,
    `  docs:     ${server.url}/docs`,
    `  openapi:  ${server.url}/openapi.json`,
    `  database: ${db.embedded ? `embedded (${c.DATA_DIR})` : "postgres"}; jobs: ${queue.kind === "inline" ? "inline (no REDIS_URL)" : "BullMQ (run `scenario worker`)"}`,
  ];
  if (demo) {
    out.push("", `demo tenant "${DEMO_TENANT}"${demo.seeded ? " (seeded now)" : ""}; API keys (shown once, new on every --demo start):`);
    for (const [role, key] of Object.entries(demo.keys)) out.push(`  ${role.padEnd(8)} ${key}`);
    out.push(`  webhook secret: ${c.WEBHOOK_SECRET ? "(WEBHOOK_SECRET from the environment)" : demo.webhookSecret}`);
    const post = (type: string, id: string) =>
      `  curl -s -X POST ${server.url}/v1/runs -H "Authorization: Bearer ${demo.keys.rep}" -H "content-type: application/json" -d '{"subject":{"type":"${type}","id":"${id}"}}'`;
    out.push("", "try:", post("account", demo.accountId), post("lead", demo.leadId));
    out.push(`  curl -s "${server.url}/v1/approvals?status=pending" -H "Authorization: Bearer ${demo.keys.manager}"`);
    out.push(`  curl -s -X POST ${server.url}/v1/approvals/<id>/decision -H "Authorization: Bearer ${demo.keys.manager}" -H "content-type: application/json" -d '{"answer":"approve","reasonCode":"agree"}'`);
    out.push(`  curl -s ${server.url}/v1/decisions/<runId> -H "Authorization: Bearer ${demo.keys.manager}"`);
  }
  process.stdout.write(`${out.join("\n")}\n`);

  return runUntilSignal("serve", "server stopping", [() => server.close(), () => queue.close(), () => db.close()]);
}

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

/** Seed on first start (no demo accounts yet), then fresh keys for every role. */
async function prepareDemo(db: Db): Promise<{ seeded: boolean; keys: Record<string, string>; webhookSecret: string | undefined; accountId: string; leadId: string }> {
  let seeded = false;
  const { rowCount } = await db.pool.query(SQL_HAS_ACCOUNTS, [DEMO_TENANT]);
  if (!rowCount) {
    await seedDemo(db, { tenantId: DEMO_TENANT });
    seeded = true;
  }
  // Every agent needs a promoted model to run; fitted once, found on later starts.
  await ensureDemoModels(db, DEMO_TENANT);
  await ensureDemoKnowledge(db, DEMO_TENANT);
  const { rows } = await db.pool.query<{ id: string }>(SQL_FIRST_RENEWAL, [DEMO_TENANT]);
  const { rows: leads } = await db.pool.query<{ id: string }>(SQL_NEWEST_LEAD, [DEMO_TENANT]);
  await db.pool.query(SQL_REVOKE_DEMO_KEYS, [DEMO_TENANT]);
  const store = dbKeyStore(db);
  const keys: Record<string, string> = {};
  for (const role of ROLES) keys[role] = (await createApiKey(store, { tenantId: DEMO_TENANT, role, name: `demo-${role}` })).key;
  const webhookSecret = await dbSettingsStore(db).webhookSecret(DEMO_TENANT, { create: true });
  return { seeded, keys, webhookSecret, accountId: rows[0]?.id ?? "<account id>", leadId: leads[0]?.id ?? "<lead id>" };
}
