/**
 * Measures the binary learner on the development data (../shared/data/cases): fit time,
 * cross-validated AUC inside the train file, held-out AUC on the test file when there is
 * one, and scoring latency. Prints one JSON object per dataset.
 *
 *   npx tsx bench/learner.ts [--data ../shared/data/cases] [--seed 42 | --seeds 1,7,42]
 *
 * Several seeds show whether a figure holds or was one lucky split: the seed picks the
 * CV folds and every subsample.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { readCases } from "../cases/reader.ts";
import type { LeadCase, RenewalCase } from "../cases/schema.ts";
import { auc, brier, percentile, precisionRecallAt, triggerRate } from "../evals/metrics.ts";
import { scoreBinary } from "../models/score.ts";
import { caseRow, fitBinaryModel, type BinaryAgent } from "../models/tabular/fit-binary.ts";

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const dir = flag("--data", join(import.meta.dirname, "../../shared/data/cases"));
const seeds = flag("--seeds", flag("--seed", "42")).split(",").map(Number);

const DATASETS: { name: string; agent: BinaryAgent }[] = [
  { name: "lead-xeducation", agent: "lead-triage" },
  { name: "renewal-ravenstack", agent: "renewal-risk" },
  { name: "lead-crm-opportunities", agent: "lead-triage" },
];

async function load(file: string, agent: BinaryAgent): Promise<(RenewalCase | LeadCase)[]> {
  const { cases } = await readCases(file, { agent, requireOutcome: true });
  return cases.map((c) => c.case as RenewalCase | LeadCase);
}

for (const ds of DATASETS) {
  const trainFile = join(dir, `${ds.name}.train.jsonl`);
  const testFile = join(dir, `${ds.name}.test.jsonl`);
  const train = await load(trainFile, ds.agent);
  for (const seed of seeds) await bench(ds, train, testFile, seed);
}

async function bench(ds: { name: string; agent: BinaryAgent }, train: (RenewalCase | LeadCase)[], testFile: string, seed: number): Promise<void> {  const t0 = performance.now();
  const cpu0 = process.cpuUsage().user;
  const model = fitBinaryModel(ds.agent, train, { seed });
  const fitSeconds = (performance.now() - t0) / 1000;
  // CPU time too: on a shared machine wall time also measures the neighbours.
  const fitCpuSeconds = (process.cpuUsage().user - cpu0) / 1e6;
  const out: Record<string, unknown> = {
    dataset: ds.name,
    seed,
    cases: train.length,
    fitSeconds: Number(fitSeconds.toFixed(2)),
    fitCpuSeconds: Number(fitCpuSeconds.toFixed(2)),
    cv: model.training.cv,
    threshold: model.threshold,
    notes: model.training.notes,
    id: model.id,
  };
  if (existsSync(testFile)) {
    const test = await load(testFile, ds.agent);
    const rows = test.map(caseRow);
    const labels = rows.map((r) => r.label === true);
    const times: number[] = [];
    scoreBinary(model, rows[0]!.row); // compile the model's lookups outside the timings
    const scoreCpu0 = process.cpuUsage().user;
    const probs = rows.map(({ row }) => {
      const s = performance.now();
      const p = scoreBinary(model, row).probability;
      times.push(performance.now() - s);
      return p;
    });
    const scoreCpuMs = (process.cpuUsage().user - scoreCpu0) / 1000 / rows.length;
    const pr = precisionRecallAt(probs, labels, model.threshold);
    out.test = {
      cases: test.length,
      auc: Number(auc(probs, labels).toFixed(4)),
      brier: Number(brier(probs, labels).toFixed(4)),
      precision: Number(pr.precision.toFixed(3)),
      recall: Number(pr.recall.toFixed(3)),
      triggerRate: Number(triggerRate(probs, model.threshold).toFixed(3)),
      scoreMs: { p50: Number(percentile(times, 50).toFixed(4)), p95: Number(percentile(times, 95).toFixed(4)), cpuMean: Number(scoreCpuMs.toFixed(4)) },
    };
  }
  console.log(JSON.stringify(out));
}
