import type { AgentName } from "../cases/schema.ts";
import type { Queryable } from "../db/pool.ts";
import type { ModelFile } from "./types.ts";

/** Models registered in the database (`models` table): candidates, and one promoted per agent. */
export interface RegisteredModel {
  id: string;
  agent: AgentName;
  status: "candidate" | "promoted" | "retired";
  learner: string;
  cv: Record<string, number>;
  createdAt: string;
}

/** Register a fitted model (idempotent: the id is derived from data and parameters). */
export async function registerModel(q: Queryable, tenantId: string, model: ModelFile): Promise<void> {
  await q.query(
    `INSERT INTO models (id, tenant_id, agent, version, status, file, metrics) VALUES ($1, $2, $3, $1, 'candidate', $4, $5) ON CONFLICT (id) DO NOTHING`,
    [model.id, tenantId, model.agent, JSON.stringify(model), JSON.stringify(model.training.cv)],
  );
}

/** Make `modelId` the one live model for its agent; the previous one is retired. */
export async function promoteModel(q: Queryable, tenantId: string, modelId: string): Promise<boolean> {
  const { rows } = await q.query<{ agent: string }>(`SELECT agent FROM models WHERE tenant_id = $1 AND id = $2`, [tenantId, modelId]);
  const agent = rows[0]?.agent;
  if (!agent) return false;
  await q.query(`UPDATE models SET status = 'retired' WHERE tenant_id = $1 AND agent = $2 AND status = 'promoted' AND id <> $3`, [tenantId, agent, modelId]);
  await q.query(`UPDATE models SET status = 'promoted', promoted_at = now() WHERE tenant_id = $1 AND id = $2`, [tenantId, modelId]);
  return true;
}

export async function listModels(q: Queryable, tenantId: string, agent?: AgentName): Promise<RegisteredModel[]> {
  const { rows } = await q.query<{ id: string; agent: AgentName; status: RegisteredModel["status"]; file: ModelFile; created_at: Date }>(
    `SELECT id, agent, status, file, created_at FROM models WHERE tenant_id = $1 ${agent ? "AND agent = $2" : ""} ORDER BY created_at DESC`,
    agent ? [tenantId, agent] : [tenantId],
  );
  return rows.map((r) => ({ id: r.id, agent: r.agent, status: r.status, learner: r.file.learner, cv: r.file.training.cv, createdAt: new Date(r.created_at).toISOString() }));
}

export async function hasPromotedModel(q: Queryable, tenantId: string, agent: AgentName): Promise<boolean> {
  const { rowCount } = await q.query(`SELECT 1 FROM models WHERE tenant_id = $1 AND agent = $2 AND status = 'promoted'`, [tenantId, agent]);
  return (rowCount ?? 0) > 0;
}
