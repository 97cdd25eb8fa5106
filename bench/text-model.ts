/**
 * Measures the text routing model on development data: fit on `.train`, score on `.test`.
 * Prints fit time, cross-validated and test accuracy / macro-F1 for queue and priority,
 * prediction latency and model file size, one dataset per block. CPU times are printed
 * beside wall times because a shared machine's wall clock says more about its neighbours.
 *
 *   npx tsx bench/text-model.ts [name ...]   (default: routing-tickets-v4 routing-tickets-de routing-bitext)
 *   DATA_DIR defaults to ../shared/data/cases (relative to the working directory).
 */
import { resolve } from "node:path";
import { readCases } from "../cases/reader.ts";
import type { RoutingCase } from "../cases/schema.ts";
import { classScores, fitRoutingModel, predictRouting } from "../models/text/index.ts";

const DATA_DIR = resolve(process.argv.find((a) => a.startsWith("--data="))?.slice(7) ?? "../shared/data/cases");
const names = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const datasets = names.length ? names : ["routing-tickets-v4", "routing-tickets-de", "routing-bitext"];

async function load(file: string): Promise<RoutingCase[]> {
  const { cases, report } = await readCases(resolve(DATA_DIR, file), { agent: "service-routing", requireOutcome: true });
  if (report.skipped) console.log(`  ${file}: skipped ${report.skipped} bad lines`);
  return cases.map((c) => c.case);
}

const f3 = (x: number | undefined) => (x === undefined ? "-" : x.toFixed(3));

for (const name of datasets) {
  const train = await load(`${name}.train.jsonl`);
  const test = await load(`${name}.test.jsonl`);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const model = fitRoutingModel(train, { seed: 1, folds: 5 });
  const fitSec = (performance.now() - t0) / 1000;
  const fitCpu = process.cpuUsage(cpu0);
  const fitCpuSec = (fitCpu.user + fitCpu.system) / 1e6;
  const bytes = Buffer.byteLength(JSON.stringify(model));

  // Warm up (compiles the model once, lets the JIT settle), then time every test ticket.
  for (const c of test.slice(0, 50)) predictRouting(model, c.ticket, c.customer);
  const times: number[] = [];
  const predictCpu0 = process.cpuUsage();
  const predictions = test.map((c) => {
    const t = performance.now();
    const p = predictRouting(model, c.ticket, c.customer);
    times.push(performance.now() - t);
    return p;
  });
  const predictCpu = process.cpuUsage(predictCpu0);
  const predictCpuMs = (predictCpu.user + predictCpu.system) / 1e3 / test.length;
  times.sort((a, b) => a - b);
  const pct = (q: number) => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(3);
  const meanMs = times.reduce((s, x) => s + x, 0) / times.length;

  const queue = classScores(test.map((c) => c.outcome?.queue ?? ""), predictions.map((p) => p.queue.label));
  const withPriority = test.map((c, i) => [c.outcome?.priority, predictions[i]?.priority?.label] as const).filter(([t]) => t);
  const priority = withPriority.length
    ? classScores(withPriority.map(([t]) => t ?? ""), withPriority.map(([, p]) => p ?? ""))
    : undefined;

  console.log(`== ${name}: train ${train.length}, test ${test.length}, model ${model.id}`);
  console.log(`  fit ${fitSec.toFixed(1)} s wall, ${fitCpuSec.toFixed(1)} s CPU (5-fold CV included), ${model.params && (model.params as { features: unknown[] }).features.length} features, file ${(bytes / 1e6).toFixed(2)} MB`);
  console.log(`  CV  queue acc ${f3(model.training.cv.queueAccuracy)} macro-F1 ${f3(model.training.cv.queueMacroF1)}` +
    `  priority acc ${f3(model.training.cv.priorityAccuracy)} macro-F1 ${f3(model.training.cv.priorityMacroF1)}`);
  console.log(`  TEST queue acc ${f3(queue.accuracy)} macro-F1 ${f3(queue.macroF1)}` +
    `  priority acc ${f3(priority?.accuracy)} macro-F1 ${f3(priority?.macroF1)}`);
  console.log(`  predict ms/ticket: CPU ${predictCpuMs.toFixed(3)}; wall mean ${meanMs.toFixed(3)} p50 ${pct(0.5)} p95 ${pct(0.95)} max ${pct(1)}`);
  for (const note of model.training.notes.filter((n) => n.includes("CV accuracy"))) console.log(`  ${note}`);
  const example = predictions[0];
  if (example) {
    console.log(`  e.g. ${test[0]?.id}: ${example.queue.label} p=${example.queue.probability.toFixed(2)} ` +
      example.queue.topFactors.map((f) => `${f.feature} ${f.contribution >= 0 ? "+" : ""}${f.contribution.toFixed(2)}`).join(", "));
  }
}
