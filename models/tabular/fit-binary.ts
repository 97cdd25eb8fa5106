import { createHash } from "node:crypto";
import { leadSnapshot, renewalSnapshot } from "../../cases/as-of.ts";
import type { LeadCase, RenewalCase } from "../../cases/schema.ts";
import { AppError } from "../../core/errors.ts";
import { leadFeatures, renewalFeatures, zeroWhenAbsent } from "../features/index.ts";
import type { BinaryModelFile, FeatureRow } from "../types.ts";
import { compileBinary, explainCompiled, type BinaryParams } from "./model.ts";
import { fitTabular, type TabularFitOptions } from "./train.ts";

/**
 * Fit a binary agent's model file from its cases. Features come from the point-in-time
 * snapshot (nothing after `asOf`, no outcome), so training sees what the agent will see.
 */

export type BinaryAgent = "renewal-risk" | "lead-triage";
/**
 * Version 5: the shaped logistic variant also has pairwise crosses of the strongest
 * non-numeric columns (cross.ts; files without crosses load and score as before).
 * Version 4: caseless categorical columns, up to 100 levels each, out-of-fold rate companions
 * of long-tailed categoricals, Platt fit with line search (version 3 files still load and
 * score as before: every addition to the file format is optional).
 */
export const LEARNER = "gbm+logistic/5";

export interface BinaryFitOptions {
  seed?: number;
  folds?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Feature row and label of one case, through its snapshot. */
export function caseRow(c: RenewalCase | LeadCase): { row: FeatureRow; label: boolean | undefined } {
  if (c.agent === "renewal-risk") {
    const s = renewalSnapshot(c);
    return { row: renewalFeatures({ account: s.account, usage: s.usage, tickets: s.tickets, events: s.events }, s.asOf), label: c.outcome?.churned };
  }
  const s = leadSnapshot(c);
  return { row: leadFeatures({ lead: s.lead, activities: s.activities }, s.asOf), label: c.outcome?.converted };
}

/** Mean |contribution| per feature over the rows, largest first: what the model leans on. */
export function importance(params: BinaryParams, rows: readonly FeatureRow[]): [string, number][] {
  const m = compileBinary(params);
  const sum = new Float64Array(params.columns.length);
  for (const r of rows) {
    const e = explainCompiled(m, r);
    for (let j = 0; j < sum.length; j++) sum[j] = sum[j]! + Math.abs(e.contributions[j]!);
  }
  return params.columns
    .map((c, j) => [c.name, sum[j]! / Math.max(1, rows.length)] as [string, number])
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** Version id: a hash of the learner, its parameters and every training row and label. */
export function versionId(agent: string, rows: readonly FeatureRow[], labels: readonly boolean[], params: object): string {
  const h = createHash("sha256");
  h.update(JSON.stringify({ agent, learner: LEARNER, params }));
  rows.forEach((r, i) => {
    h.update(JSON.stringify(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
    h.update(labels[i] ? "1" : "0");
  });
  return `${agent}-${h.digest("hex").slice(0, 12)}`;
}

export function fitBinaryModel(agent: BinaryAgent, cases: readonly (RenewalCase | LeadCase)[], opts: BinaryFitOptions = {}): BinaryModelFile {
  const rows: FeatureRow[] = [];
  const labels: boolean[] = [];
  for (const c of cases) {
    if (c.agent !== agent) continue;
    const { row, label } = caseRow(c);
    if (label === undefined) continue;
    rows.push(row);
    labels.push(label);
  }
  if (rows.length === 0) throw new AppError("INPUT_INVALID", `No ${agent} cases with an outcome to fit on.`, { agent });
  const seed = opts.seed ?? 42;
  const folds = opts.folds ?? 5;
  const tabularOpts: TabularFitOptions = { seed, folds, zeroWhenAbsent, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) };
  const fit = fitTabular(rows, labels, tabularOpts);
  const positives = labels.filter(Boolean).length;
  const strongest = importance(fit.params, rows)
    .slice(0, 5)
    .map(([name, v]) => `${name} ${v.toFixed(2)}`);
  if (strongest.length) fit.notes.push(`strongest signals (mean |log-odds contribution| on the training cases): ${strongest.join(", ")}`);
  return {
    format: "scenario-model/1",
    id: versionId(agent, rows, labels, { seed, folds, config: fit.params.config }),
    agent,
    kind: "binary",
    learner: LEARNER,
    training: { cases: rows.length, positives, cv: fit.cv, notes: fit.notes },
    threshold: fit.threshold,
    thresholdRule: "maximum F1 on out-of-fold calibrated probabilities (alert when probability >= threshold)",
    params: fit.params,
  };
}
