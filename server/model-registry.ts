import type { AgentName } from "../cases/schema.ts";
import { AppError } from "../core/errors.ts";
import { withTransaction, type Db } from "../db/pool.ts";
import { listModels } from "../models/registry.ts";
import type { ModelService } from "./deps.ts";

/**
 * Model versions in the `models` table, for the API: list, compare on cross-validated
 * metrics, and promote — refused unless the candidate beats the promoted version on the
 * agent's primary metric (AUC for binary agents, accuracy for routing), so a worse model
 * never replaces a better one by accident.
 */
const SQL_ONE = `SELECT id, agent, status, file->'training'->'cv' AS cv FROM models WHERE tenant_id = $1 AND agent = $2 AND id = $3`;
const SQL_PROMOTED_FOR_UPDATE = `SELECT id, agent, status, file->'training'->'cv' AS cv FROM models WHERE tenant_id = $1 AND agent = $2 AND status = 'promoted' FOR UPDATE`;
const SQL_RETIRE = `UPDATE models SET status = 'retired' WHERE tenant_id = $1 AND id = $2`;
const SQL_PROMOTE = `UPDATE models SET status = 'promoted', promoted_at = now() WHERE tenant_id = $1 AND id = $2`;

interface ModelRow {
  id: string;
  agent: AgentName;
  status: string;
  cv: Record<string, number> | null;
}

export function primaryMetric(agent: AgentName): string {
  return agent === "service-routing" ? "accuracy" : "auc";
}

function metricOf(row: ModelRow, metric: string): number | undefined {
  const v = row.cv?.[metric];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

export function dbModelService(db: Db): ModelService {
  const one = async (tenantId: string, agent: AgentName, id: string): Promise<ModelRow> => {
    const { rows } = await db.pool.query<ModelRow>(SQL_ONE, [tenantId, agent, id]);
    if (!rows[0]) throw new AppError("NOT_FOUND", `No ${agent} model ${id} in this tenant.`);
    return rows[0];
  };
  return {
    async list(tenantId, agent) {
      return listModels(db.pool, tenantId, agent);
    },
    async compare(tenantId, agent, a, b) {
      const [ma, mb] = await Promise.all([one(tenantId, agent, a), one(tenantId, agent, b)]);
      const metric = primaryMetric(agent);
      const keys = [...new Set([...Object.keys(ma.cv ?? {}), ...Object.keys(mb.cv ?? {})])].sort();
      const metrics = Object.fromEntries(keys.map((k) => [k, { a: metricOf(ma, k) ?? null, b: metricOf(mb, k) ?? null }]));
      const va = metricOf(ma, metric);
      const vb = metricOf(mb, metric);
      const better = va === undefined || vb === undefined ? null : va === vb ? "tie" : va > vb ? a : b;
      return { agent, a, b, primaryMetric: metric, better, metrics };
    },
    async promote(tenantId, agent, id, by) {
      return withTransaction(db, async (client) => {
        const { rows: cand } = await client.query<ModelRow>(SQL_ONE, [tenantId, agent, id]);
        const candidate = cand[0];
        if (!candidate) throw new AppError("NOT_FOUND", `No ${agent} model ${id} in this tenant.`);
        const { rows: cur } = await client.query<ModelRow>(SQL_PROMOTED_FOR_UPDATE, [tenantId, agent]);
        const current = cur[0];
        if (current?.id === id) return { agent, promoted: id, previous: id, unchanged: true };
        const metric = primaryMetric(agent);
        if (current) {
          const vc = metricOf(candidate, metric);
          const vp = metricOf(current, metric);
          if (vc === undefined || vp === undefined || vc <= vp) {
            throw new AppError("CONFLICT", `Model ${id} does not beat the promoted ${current.id} on ${metric} (${vc ?? "n/a"} vs ${vp ?? "n/a"}); not promoted.`, {
              metric,
              candidate: vc ?? null,
              current: vp ?? null,
            });
          }
          await client.query(SQL_RETIRE, [tenantId, current.id]);
        }
        await client.query(SQL_PROMOTE, [tenantId, id]);
        return { agent, promoted: id, previous: current?.id ?? null, by: by.id };
      });
    },
  };
}
