import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { AGENT_NAMES, type AgentName, Case } from "../cases/schema.ts";
import { validateCase } from "../cases/reader.ts";
import { AppError } from "../core/errors.ts";
import { routingHistory } from "../crm/seed/history.ts";
import type { Db } from "../db/pool.ts";
import { replay } from "../sandbox/replay.ts";
import { fitModel } from "../models/index.ts";
import { parseModel } from "../models/io.ts";
import { registerModel } from "../models/registry.ts";

/**
 * The fit and eval jobs behind POST /v1/models/fits and /v1/evals: history comes inline
 * (case-format objects in the request) or, for service routing, from the tenant's own
 * closed tickets. Nothing is read from the server's file system on a caller's behalf.
 */
const FitParams = z.object({ cases: z.array(z.unknown()).max(50_000).optional(), seed: z.number().int().optional(), folds: z.number().int().min(2).max(10).optional() });
const EvalSpec = z.object({ agent: z.enum(AGENT_NAMES), modelId: z.string().min(1), cases: z.array(z.unknown()).min(1).max(50_000) });

function inlineCases(agent: AgentName, raw: unknown[]): { cases: Case[]; skipped: { index: number; reason: string }[] } {
  const cases: Case[] = [];
  const skipped: { index: number; reason: string }[] = [];
  raw.forEach((value, index) => {
    const r = validateCase(value, { agent, requireOutcome: true });
    if (r.ok) cases.push(r.case);
    else skipped.push({ index, reason: r.reason });
  });
  return { cases, skipped };
}

export function fitJob(db: Db) {
  return async (tenantId: string, agent: AgentName, params: Record<string, unknown>) => {
    const p = FitParams.parse(params);
    let { cases, skipped } = p.cases ? inlineCases(agent, p.cases) : { cases: [] as Case[], skipped: [] };
    if (!p.cases && agent === "service-routing") cases = await routingHistory(db, tenantId);
    if (cases.length < 10) {
      throw new AppError("INPUT_INVALID", `need at least 10 labelled ${agent} cases to fit (got ${cases.length}); pass params.cases in the case format`);
    }
    const model = fitModel(agent, cases, { seed: p.seed ?? 42, folds: p.folds ?? 5 });
    await registerModel(db.pool, tenantId, model);
    return { modelId: model.id, agent, cases: cases.length, skipped: skipped.slice(0, 50), cv: model.training.cv, notes: model.training.notes, status: "candidate" };
  };
}

export function evalJob(db: Db) {
  return async (tenantId: string, spec: Record<string, unknown>) => {
    const s = EvalSpec.parse(spec);
    const { rows } = await db.pool.query<{ file: unknown }>(`SELECT file FROM models WHERE tenant_id = $1 AND agent = $2 AND id = $3`, [tenantId, s.agent, s.modelId]);
    if (!rows[0]) throw new AppError("NOT_FOUND", `no ${s.agent} model ${s.modelId}`);
    const model = parseModel(rows[0].file);
    const dir = await mkdtemp(join(tmpdir(), "eval-"));
    try {
      const file = join(dir, "cases.jsonl");
      await writeFile(file, s.cases.map((c) => JSON.stringify(c)).join("\n"));
      const report = await replay({ agent: s.agent, casesFile: file, model });
      const { decisions: _d, ...summary } = report;
      return summary;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
