import { createRuntime } from "../agents/runtime/runtime.ts";
import { config } from "../config/index.ts";
import { createJobHandlers } from "../queue/handlers.ts";
import { createJobQueue, isInlineQueue } from "../queue/index.ts";
import { requeueStranded } from "../queue/requeue.ts";
import { createApp } from "../server/app.ts";
import { listen } from "../server/listen.ts";
import { createMetrics } from "../server/metrics.ts";
import { dbModelService } from "../server/model-registry.ts";
import { dbKeyStore } from "../server/stores.ts";
import { openAppDb } from "./database.ts";
import { prepareDemo, type DemoTenant } from "./demo/index.ts";
import { knowledgeSearch, productionJobServices } from "./services.ts";

/** API key lookups are cached this long; a revoked key stops working within it. */
export const KEY_CACHE_MS = 10_000;

export interface ApiOptions {
  port: number;
  host: string;
  /** Seed the demo tenant on first start and make fresh keys for every role. */
  demo: boolean;
}

/** A running API process: where it listens, what it runs on, and how to stop it in order. */
export interface RunningApi {
  url: string;
  embedded: boolean;
  jobs: "inline" | "bullmq";
  demo: DemoTenant | undefined;
  /** First what accepts work, last the database. */
  closers: (() => Promise<void>)[];
}

/**
 * `scenario serve`, assembled: the database (migrated), the agent runtime, the job queue
 * (inline handlers without Redis, plus the recurring jobs), the HTTP app over all of it.
 */
export async function startApi(opts: ApiOptions): Promise<RunningApi> {
  const c = config();
  const db = await openAppDb();
  const runtime = await createRuntime({ db });
  const queue = createJobQueue({ redisUrl: c.REDIS_URL, concurrency: c.WORKER_CONCURRENCY });
  const metrics = createMetrics();
  if (isInlineQueue(queue)) queue.start(createJobHandlers(productionJobServices({ db, runtime, queue, metrics })));
  await queue.scheduleRecurring();
  // Inline jobs live in memory: runs a previous server left queued or half-run start again.
  if (isInlineQueue(queue)) await requeueStranded({ db, queue }, { graceSeconds: 0 });

  const demo = opts.demo ? await prepareDemo(db) : undefined;
  const app = createApp({ db, runtime, queue, metrics, keys: dbKeyStore(db, { cacheMs: KEY_CACHE_MS }), searchKnowledge: knowledgeSearch(db), models: dbModelService(db), webhookSecret: c.WEBHOOK_SECRET });
  const server = await listen(app, { port: opts.port, hostname: opts.host });
  return {
    url: server.url,
    embedded: db.embedded,
    jobs: queue.kind === "inline" ? "inline" : "bullmq",
    demo,
    closers: [() => server.close(), () => queue.close(), () => db.close()],
  };
}
