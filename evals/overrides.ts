import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AgentName } from "../cases/schema.ts";
import { AppError } from "../core/errors.ts";
import type { Queryable } from "../db/pool.ts";

/**
 * The overrides dataset (`cases: "overrides"` in a suite): the eval_cases rows written when a
 * manager overrode an agent (agents/runtime/eval-cases.ts stores a case-file line under
 * case_data.case), materialised as a JSONL case file so the sandbox replays them like any
 * history. Rejections carry no outcome and are left out.
 */

/** Case lines of one tenant and agent, oldest first. */
export const SELECT_OVERRIDE_CASES = `
SELECT case_data->'case' AS line FROM eval_cases
 WHERE tenant_id = $1 AND agent = $2 AND case_data ? 'case'
 ORDER BY created_at, id`;

/** Write the agent's overrides to `<dir>/overrides-<agent>.jsonl`; returns the path and count. */
export async function writeOverridesCaseFile(q: Queryable, tenantId: string, agent: AgentName, dir?: string): Promise<{ file: string; count: number }> {
  const { rows } = await q.query<{ line: unknown }>(SELECT_OVERRIDE_CASES, [tenantId, agent]);
  if (rows.length === 0) {
    throw new AppError("CASE_FILE_EMPTY", `no overrides recorded yet for ${agent} (tenant ${tenantId}): nothing to evaluate`, { tenantId, agent });
  }
  const target = dir ?? (await mkdtemp(join(tmpdir(), "scenario-overrides-")));
  const file = join(target, `overrides-${agent}.jsonl`);
  await writeFile(file, `${rows.map((r) => JSON.stringify(r.line)).join("\n")}\n`);
  return { file, count: rows.length };
}

/** A SuiteDeps.loadOverrides over one database and tenant. */
export function overridesLoader(q: Queryable, tenantId: string, dir?: string): (agent: AgentName) => Promise<string> {
  return async (agent) => (await writeOverridesCaseFile(q, tenantId, agent, dir)).file;
}
