import { createRuntime, type LiveRuntime } from "../agents/runtime.ts";
import { ensureDemoKnowledge } from "../crm/seed/demo-knowledge.ts";
import { ensureDemoModels } from "../crm/seed/demo-models.ts";
import { seedDemo } from "../crm/seed/seed.ts";
import { migrate } from "../db/migrations.ts";
import type { Role } from "../agents/shared/runtime-types.ts";
import { createJobHandlers } from "../queue/handlers.ts";
import { createInlineQueue } from "../queue/index.ts";
import { createApp } from "../server/app.ts";
import { listen } from "../server/listen.ts";
import { createApiKey, dbKeyStore } from "../server/stores.ts";
import { knowledgeSearch, productionJobServices } from "../server/wiring.ts";
import { openTestDb, type TestDb } from "../test/db.ts";

export const BENCH_TENANT = "bench";

/** A real HTTP server on loopback over a fresh schema with the demo CRM, models and playbooks. */
export interface BenchServer {
  url: string;
  t: TestDb;
  runtime: LiveRuntime;
  key(role: Role): Promise<string>;
  close(): Promise<void>;
}

export async function startBenchServer(databaseUrl: string | undefined): Promise<BenchServer> {
  const t = await openTestDb(databaseUrl);
  const db = t.db;
  await migrate(db);
  await seedDemo(db, { tenantId: BENCH_TENANT });
  await ensureDemoModels(db, BENCH_TENANT);
  await ensureDemoKnowledge(db, BENCH_TENANT);
  const runtime = await createRuntime({ db, llm: undefined });
  const queue = createInlineQueue({ concurrency: 4 });
  queue.start(createJobHandlers(productionJobServices({ db, runtime, queue })));
  // Keys cached as `scenario serve` caches them (cli/commands/serve.ts KEY_CACHE_MS).
  const app = createApp({ db, runtime, queue, keys: dbKeyStore(db, { cacheMs: 10_000 }), searchKnowledge: knowledgeSearch(db) });
  const server = await listen(app, { port: 0, hostname: "127.0.0.1" });
  return {
    url: server.url,
    t,
    runtime,
    key: async (role) => (await createApiKey(dbKeyStore(db), { tenantId: BENCH_TENANT, role })).key,
    close: async () => {
      await server.close();
      await queue.close();
      await t.cleanup();
    },
  };
}
