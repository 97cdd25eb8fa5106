import type { AgentName, Case } from "../../cases/schema.ts";
import type { Db } from "../../db/pool.ts";
import { fitModel } from "../../models/index.ts";
import { hasPromotedModel, promoteModel, registerModel } from "../../models/registry.ts";
import type { ModelFile } from "../../models/types.ts";
import { generatedLeadHistory, generatedRenewalHistory, routingHistory } from "../../crm/seed/history.ts";

/**
 * First models for a demo tenant, so every agent can run on a fresh machine: fitted once,
 * registered and promoted; later starts find them and do nothing.
 */
export async function ensureDemoModels(db: Db, tenantId: string): Promise<Partial<Record<AgentName, string>>> {
  const fitted: Partial<Record<AgentName, string>> = {};
  const sources: Record<AgentName, () => Promise<{ cases: Case[]; note: string }>> = {
    "renewal-risk": async () => ({ cases: generatedRenewalHistory(), note: "demo model: fitted on generated renewal history" }),
    "lead-triage": async () => ({ cases: generatedLeadHistory(), note: "demo model: fitted on generated lead history" }),
    "service-routing": async () => ({ cases: await routingHistory(db, tenantId), note: "demo model: fitted on the tenant's closed tickets" }),
  };
  for (const agent of Object.keys(sources) as AgentName[]) {
    if (await hasPromotedModel(db.pool, tenantId, agent)) continue;
    const { cases, note } = await sources[agent]();
    if (cases.length < 10) continue;
    const model: ModelFile = fitModel(agent, cases, { seed: 1, folds: 3 });
    model.training.notes.push(note);
    await registerModel(db.pool, tenantId, model);
    await promoteModel(db.pool, tenantId, model.id);
    fitted[agent] = model.id;
  }
  return fitted;
}
