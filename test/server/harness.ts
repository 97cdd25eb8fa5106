import type { Role } from "../../core/principal.ts";
import { createInlineQueue, type InlineQueue } from "../../queue/inline.ts";
import { createJobHandlers } from "../../queue/handlers.ts";
import { createApp } from "../../server/app.ts";
import { createMetrics, type Metrics } from "../../server/metrics.ts";
import { createFakeRuntime, type FakeRuntime } from "./fake-runtime.ts";
import { fakeDb, keysForRoles, memoryKeyStore, memorySettingsStore } from "./memory-stores.ts";

export const TEST_TENANT = "acme";
export const WEBHOOK_SECRET_FOR_TESTS = "whsec-test-0123456789abcdef";

/** An app over fakes (runtime, stores, inline queue) with one key per role. */
export interface TestApp {
  app: ReturnType<typeof createApp>;
  runtime: FakeRuntime;
  queue: InlineQueue;
  metrics: Metrics;
  keys: Record<Role, string>;
  otherTenantKeys: Record<Role, string>;
  auth(role: Role): Record<string, string>;
}

export async function createTestApp(opts: { maxBodyBytes?: number } = {}): Promise<TestApp> {
  const runtime = createFakeRuntime();
  const queue = createInlineQueue({ concurrency: 2, backoffMs: 1, attempts: 3 });
  const db = fakeDb();
  const metrics = createMetrics({ defaultMetrics: false });
  queue.start(
    createJobHandlers({
      db,
      runtime,
      queue,
      onRunExecuted: metrics.runExecuted,
      ingest: async (_t, docs) => ({ documents: docs.length }),
      fit: async (_t, agent) => ({ agent, version: "v2" }),
      runEval: async () => ({ auc: 0.8 }),
    }),
  );
  const keyStore = memoryKeyStore();
  const keys = await keysForRoles(keyStore, TEST_TENANT);
  const otherTenantKeys = await keysForRoles(keyStore, "globex");
  const app = createApp({
    db,
    runtime,
    queue,
    keys: keyStore,
    settings: memorySettingsStore({ [TEST_TENANT]: WEBHOOK_SECRET_FOR_TESTS }),
    metrics,
    maxBodyBytes: opts.maxBodyBytes ?? 64_000,
    sse: { pollMs: 5, maxMs: 5_000 },
    searchKnowledge: async (_caller, query, o) => [{ chunkId: "c1", snippet: `about ${query.slice(0, 20)}`, score: 1, limit: o.limit }],
    models: {
      list: async () => [{ agent: "renewal-risk", version: "v1", promoted: true }],
      compare: async (_t, agent, a, b) => ({ agent, a, b, winner: a }),
      promote: async (_t, agent, version) => ({ agent, version, promoted: true }),
    },
  });
  return { app, runtime, queue, metrics, keys, otherTenantKeys, auth: (role) => ({ authorization: `Bearer ${keys[role]}` }) };
}
