/**
 * Measures the binary learner on the development data (../shared/data/cases): fit time,
 * cross-validated AUC inside the train file, held-out AUC on the test file when there is
 * one, and scoring latency. Prints one JSON object per dataset.
 *
 *   npx tsx bench/learner.ts [--data ../shared/data/cases] [--seed 42 | --seeds 1,7,42] [--only name,name]
 *
 * Several seeds show whether a figure holds or was one lucky split: the seed picks the
 * CV folds and every subsample. A generated "synthetic-high-cardinality" dataset comes
 * last: a 400-level categorical (Zipf frequencies, messy case and spacing) plus one
 * numeric signal, the shape of CRM fields such as owner or campaign that the development
 * files lack; its `oracleAuc` is the AUC of the true log-odds on the test cases.
 */
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { readCases } from "../cases/reader.ts";
import { mulberry32 } from "../core/random.ts";
import type { LeadCase, RenewalCase } from "../cases/schema.ts";
import { auc, brier, percentile, precisionRecallAt, triggerRate } from "../core/metrics.ts";
import { scoreBinary } from "../models/score.ts";
import { caseRow, fitBinaryModel, type BinaryAgent } from "../models/tabular/fit-binary.ts";

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const dir = flag("--data", join(import.meta.dirname, "../../shared/data/cases"));
const seeds = flag("--seeds", flag("--seed", "42")).split(",").map(Number);
const only = flag("--only", "").split(",").filter(Boolean);
const wanted = (name: string) => only.length === 0 || only.includes(name);

const DATASETS: { name: string; agent: BinaryAgent }[] = [
  { name: "lead-xeducation", agent: "lead-triage" },
  { name: "renewal-ravenstack", agent: "renewal-risk" },
  { name: "lead-crm-opportunities", agent: "lead-triage" },
];

async function load(file: string, agent: BinaryAgent): Promise<(RenewalCase | LeadCase)[]> {
  const { cases } = await readCases(file, { agent, requireOutcome: true });
  return cases.map((c) => c.case as RenewalCase | LeadCase);
}

for (const ds of DATASETS.filter((d) => wanted(d.name))) {
  const trainFile = join(dir, `${ds.name}.train.jsonl`);
  const testFile = join(dir, `${ds.name}.test.jsonl`);
  const train = await load(trainFile, ds.agent);
  const test = existsSync(testFile) ? await load(testFile, ds.agent) : undefined;
  for (const seed of seeds) bench(ds, train, test, seed);
}
const synthetic = highCardinality(9000);
for (const seed of wanted("synthetic-high-cardinality") ? seeds : []) {
  bench({ name: "synthetic-high-cardinality", agent: "lead-triage" }, synthetic.cases.slice(0, 6000), synthetic.cases.slice(6000), seed, {
    oracleAuc: Number(auc(synthetic.logits.slice(6000), synthetic.cases.slice(6000).map((c) => c.outcome?.converted === true)).toFixed(4)),
  });
}

/** Lead cases whose outcome depends on a many-valued, inconsistently spelled category and a number. */
function highCardinality(n: number): { cases: LeadCase[]; logits: number[] } {
  const rand = mulberry32(2024);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const levels = 400;
  const effect = Array.from({ length: levels }, () => gauss());
  const weight = Array.from({ length: levels }, (_, l) => 1 / (l + 1) ** 0.8);
  const total = weight.reduce((s, w) => s + w, 0);
  const cases: LeadCase[] = [];
  const logits: number[] = [];
  for (let i = 0; i < n; i++) {
    let u = rand() * total;
    let l = 0;
    while (u > weight[l]! && l < levels - 1) u -= weight[l++]!;
    const x = gauss();
    const z = effect[l]! + x - 0.3;
    const spelling = rand() < 0.1 ? `OWNER ${l}  ` : `Owner ${l}`;
    const id = `synthetic-${i}`;
    logits.push(z);
    cases.push({ id, agent: "lead-triage", asOf: "2026-01-01", lead: { id, attributes: { owner: spelling, score: Number(x.toFixed(3)), noise: Number(rand().toFixed(3)) } }, activities: [], outcome: { converted: rand() < 1 / (1 + Math.exp(-z)) } });
  }
  return { cases, logits };
}

function bench(ds: { name: string; agent: BinaryAgent }, train: (RenewalCase | LeadCase)[], test: (RenewalCase | LeadCase)[] | undefined, seed: number, extra: Record<string, unknown> = {}): void {
  const t0 = performance.now();
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
    // The 1-minute load average while fitting: on a shared machine wall time includes the neighbours.
    loadAverage: Number(loadavg()[0]!.toFixed(2)),
    cv: model.training.cv,
    threshold: model.threshold,
    notes: model.training.notes,
    id: model.id,
  };
  if (test) {
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
      ...extra,
      scoreMs: { p50: Number(percentile(times, 50).toFixed(4)), p95: Number(percentile(times, 95).toFixed(4)), cpuMean: Number(scoreCpuMs.toFixed(4)) },
    };
  }
  console.log(JSON.stringify(out));
}
