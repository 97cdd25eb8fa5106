import { createRuntime, type LiveRuntime } from "../agents/runtime/runtime.ts";
import { ensureDemoKnowledge } from "../app/demo/knowledge.ts";
import { ensureDemoModels } from "../app/demo/models.ts";
import { seedDemo } from "../crm/seed/seed.ts";
import { migrateAll } from "../app/migrations.ts";
import type { Role } from "../core/principal.ts";
import { createJobHandlers } from "../queue/handlers.ts";
import { createInlineQueue } from "../queue/index.ts";
import { createApp } from "../server/app.ts";
import { listen } from "../server/listen.ts";
import { createApiKey, dbKeyStore } from "../server/stores.ts";
import { knowledgeSearch, productionJobServices } from "../app/services.ts";
import { openScratchDb, type ScratchDb } from "../db/scratch.ts";

export const BENCH_TENANT = "bench";

/** A real HTTP server on loopback over a fresh schema with the demo CRM, models and playbooks. */
export interface BenchServer {
  url: string;
  t: ScratchDb;
  runtime: LiveRuntime;
  key(role: Role): Promise<string>;
  close(): Promise<void>;
}

export async function startBenchServer(databaseUrl: string | undefined): Promise<BenchServer> {
  const t = await openScratchDb(databaseUrl);
  const db = t.db;
  await migrateAll(db);
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
