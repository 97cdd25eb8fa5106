import { MemorySaver } from "@langchain/langgraph";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { getAgent } from "../agents/index.ts";
import { runConfig, type AgentDeps } from "../agents/shared/deps.ts";
import { AgentPolicy } from "../agents/shared/policy-config.ts";
import { generatedRenewalHistory } from "../crm/seed/history.ts";
import { percentile } from "../core/metrics.ts";
import { openDb } from "../db/pool.ts";
import { fitModel } from "../models/index.ts";
import { Ledger } from "../sandbox/ledger.ts";
import { guardedSandboxPort } from "../sandbox/port.ts";

/**
 * Checkpointing overhead: the renewal graph to its end (no veto: autonomy on) with the
 * in-memory saver vs the Postgres saver (durability "sync", as live runs use).
 */
export async function benchCheckpoint(databaseUrl: string | undefined, n = 200): Promise<Record<string, unknown>> {
  // The demo's generated renewal history (400 accounts): fitted on, then run through the graph.
  const cases = generatedRenewalHistory("2026-06-01");
  const model = fitModel("renewal-risk", cases, { seed: 1, folds: 3 });
  const policy = AgentPolicy.parse({ autoExecuteAbove: 0, alertThreshold: 0.01 });
  const db = await openDb({ url: databaseUrl, dataDir: "memory://" });
  const pg = new PostgresSaver(db.pool);
  await pg.setup();
  const measure = async (saver: MemorySaver | PostgresSaver, durability: "exit" | "sync") => {
    const graph = getAgent("renewal-risk").build(saver);
    const ms: number[] = [];
    for (const c of cases.slice(0, n)) {
      const deps: AgentDeps = {
        agent: "renewal-risk", tenantId: "bench", runId: `${durability}-${c.id}-${Math.random()}`, model, policy,
        port: guardedSandboxPort(c, { ledger: new Ledger(), roster: [] }), now: () => new Date(c.asOf), recordDecision: async () => {},
      };
      const t = performance.now();
      await graph.invoke({ subject: { type: "account", id: c.id }, asOf: c.asOf }, { ...runConfig(deps.runId, deps), durability });
      ms.push(performance.now() - t);
    }
    return { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)) };
  };
  const memory = await measure(new MemorySaver(), "sync");
  const postgres = await measure(pg, "sync");
  await db.close();
  return { runs: n, database: db.embedded ? "pglite" : "postgres", memoryMs: memory, postgresMs: postgres, ratioP50: round(postgres.p50 / memory.p50) };
}

const round = (x: number) => Math.round(x * 100) / 100;
