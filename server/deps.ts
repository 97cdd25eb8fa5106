import type { AgentName } from "../cases/schema.ts";
import type { AgentRuntime } from "../agents/shared/runtime-types.ts";
import type { Principal } from "../core/principal.ts";
import type { Db } from "../db/pool.ts";
import type { JobQueue } from "../queue/types.ts";
import type { KeyStore } from "./keys.ts";
import type { Metrics } from "./metrics.ts";
import type { SettingsStore } from "./stores.ts";

/** Knowledge search as the API needs it (see server/wiring.ts for the knowledge/index.ts one). */
export type SearchKnowledge = (caller: Principal, query: string, opts: { limit: number }) => Promise<unknown[]>;

/** Decision-model registry operations (thin delegation; fitting is a job). */
export interface ModelService {
  list(tenantId: string, agent?: AgentName): Promise<unknown[]>;
  compare(tenantId: string, agent: AgentName, a: string, b: string): Promise<unknown>;
  promote(tenantId: string, agent: AgentName, version: string, by: Principal): Promise<unknown>;
}

/**
 * Everything the HTTP app needs, passed in so tests can use fakes and `app.request()`.
 * Optional services answer 404 NOT_FOUND ("not available in this deployment") when absent.
 */
export interface AppDeps {
  db: Db;
  runtime: AgentRuntime;
  queue: JobQueue;
  /** Default: the api_keys table. */
  keys?: KeyStore | undefined;
  /** Default: the tenant_settings table. */
  settings?: SettingsStore | undefined;
  searchKnowledge?: SearchKnowledge | undefined;
  models?: ModelService | undefined;
  /** Default: a fresh registry (share it with the job handlers for run metrics). */
  metrics?: Metrics | undefined;
  /** Default: config().MAX_BODY_BYTES. */
  maxBodyBytes?: number | undefined;
  /** One webhook secret for every tenant (config WEBHOOK_SECRET); else per tenant. */
  webhookSecret?: string | undefined;
  /** SSE: how often the runtime is polled for new events (default 100 ms) and the longest stream (default 10 min). */
  sse?: { pollMs?: number | undefined; maxMs?: number | undefined } | undefined;
}

/** Resolved dependencies, as handlers see them. */
export type ResolvedDeps = Required<Pick<AppDeps, "db" | "runtime" | "queue" | "keys" | "settings" | "metrics">> &
  Omit<AppDeps, "keys" | "settings" | "metrics">;

export type AppEnv = {
  Variables: {
    deps: ResolvedDeps;
    principal: Principal;
  };
};
