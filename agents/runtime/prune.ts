import type { Db } from "../../db/pool.ts";
import type { GraphCache } from "./graphs.ts";
import { SELECT_PRUNABLE_THREADS } from "./sql.ts";

/**
 * Checkpoint hygiene: delete LangGraph checkpoints of runs finished longer ago than the
 * retention. The decision log (decisions, decision_events) is never touched.
 */
export async function pruneCheckpoints(db: Db, cache: GraphCache, retentionDays: number, batch = 500): Promise<{ threads: number }> {
  let total = 0;
  for (;;) {
    const { rows } = await db.pool.query<{ thread_id: string }>(SELECT_PRUNABLE_THREADS, [retentionDays, batch]);
    for (const r of rows) await cache.checkpointer.deleteThread(r.thread_id);
    total += rows.length;
    if (rows.length < batch) return { threads: total };
  }
}
