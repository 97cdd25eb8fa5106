import { basename } from "node:path";
import type { AgentName } from "../cases/schema.ts";
import type { BinaryModelFile, ModelFile } from "../models/types.ts";
import type { ReplayDecision, ReplayReport } from "../sandbox/types.ts";
import { seededRandom } from "../evals/stats.ts";
import { Suite } from "../evals/suite-schema.ts";
import { runSuite, type SuiteReport } from "../evals/suite.ts";

/**
 * Hand-made replays for the evals' tests (and the demo report): seeded, so every figure a
 * test asserts is reproducible, and independent of the real sandbox.
 */

export interface SyntheticCase {
  id: string;
  label: boolean;
  /** Segment value, e.g. a country. */
  group: string;
}

/** Cases with a per-group outcome rate. */
export function syntheticCases(n: number, groups: Record<string, number>, seed = 7): SyntheticCase[] {
  const rnd = seededRandom(seed);
  const names = Object.keys(groups);
  return Array.from({ length: n }, (_, i) => {
    const group = names[i % names.length]!;
    return { id: `C-${i}`, label: rnd() < groups[group]!, group };
  });
}

/**
 * A binary replay: score = sigmoid(separation * (label ? 1 : -1) + noise + bias[group]);
 * alert when score >= threshold.
 */
export function binaryReplay(
  cases: readonly SyntheticCase[],
  opts: { separation?: number; seed?: number; threshold?: number; model?: string; agent?: AgentName; bias?: Record<string, number>; errorRate?: number } = {},
): ReplayReport {
  const rnd = seededRandom(opts.seed ?? 11);
  const sep = opts.separation ?? 1.5;
  const threshold = opts.threshold ?? 0.5;
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const decisions: ReplayDecision[] = cases.map((c, i) => {
    const z = sep * (c.label ? 1 : -1) + gauss() + (opts.bias?.[c.group] ?? 0);
    const score = 1 / (1 + Math.exp(-z));
    const faulty = opts.errorRate !== undefined && rnd() < opts.errorRate;
    return {
      id: c.id,
      line: i + 1,
      score,
      decision: score >= threshold ? "alert" : "no_alert",
      topFactors: [
        { feature: `group=${c.group}`, contribution: Number((opts.bias?.[c.group] ?? 0).toFixed(2)) },
        { feature: "usage.trend30d", contribution: Number((z / 2).toFixed(2)) },
      ],
      actual: { label: c.label },
      latencyMs: 1 + (i % 5),
      status: faulty ? "completed_with_errors" : "completed",
      errors: faulty ? ["TOOL_TIMEOUT: get_usage timed out (injected)"] : [],
    };
  });
  return report(opts.agent ?? "renewal-risk", opts.model ?? `synthetic-sep${sep}`, decisions);
}

/** A routing replay over fixed queues with the given share routed right. */
export function routingReplay(n: number, accuracy: number, opts: { seed?: number; model?: string } = {}): ReplayReport {
  const rnd = seededRandom(opts.seed ?? 5);
  const queues = ["Billing", "Technical", "Returns", "Sales"];
  const decisions: ReplayDecision[] = Array.from({ length: n }, (_, i) => {
    const truth = queues[i % queues.length]!;
    const right = rnd() < accuracy;
    const predicted = right ? truth : queues[(i + 1 + Math.floor(rnd() * 3)) % queues.length]!;
    return {
      id: `T-${i}`,
      line: i + 1,
      score: right ? 0.6 + 0.4 * rnd() : 0.3 + 0.5 * rnd(),
      decision: predicted,
      topFactors: [{ feature: `term:${predicted.toLowerCase()}`, contribution: 0.8 }],
      details: { priority: i % 3 === 0 ? "high" : "low" },
      actual: { queue: truth, priority: i % 4 === 0 ? "high" : "low" },
      latencyMs: 2,
      status: "completed",
      errors: [],
    };
  });
  return report("service-routing", opts.model ?? `routing-acc${accuracy}`, decisions);
}

function report(agent: AgentName, model: string, decisions: ReplayDecision[]): ReplayReport {
  return { agent, model, cases: decisions.length, skipped: 0, issues: [], metrics: {}, latencyMs: { p50: 2, p95: 5, max: 5 }, casesPerSecond: 1000, decisions };
}

/**
 * A full suite report over hand-made replays (renewal with baseline, segments, faults and
 * autonomy; routing with its confusion matrix), for the report's tests and a demo page.
 */
export async function demoSuiteReport(policyFile: string): Promise<SuiteReport> {
  const cases = syntheticCases(900, { DE: 0.3, FR: 0.3, "US</script>": 0.3 });
  const groups = new Map(cases.map((c) => [c.id, c.group]));
  const suite = Suite.parse({
    name: "demo <suite>",
    entries: [
      {
        name: "renewal",
        agent: "renewal-risk",
        cases: "cases.jsonl",
        model: "candidate.json",
        baseline: "current.json",
        segments: ["country"],
        gates: [{ metric: "auc", op: ">=", value: "baseline-0.005" }, { metric: "falsePositiveRate", op: "<=", value: 0.1 }],
        autonomy: { targetFpr: 0.1, minSupport: 100, writePolicy: policyFile },
        faults: { toolTimeoutRate: 0.1, seed: 1 },
        compare: { resamples: 200 },
      },
      { name: "routing", agent: "service-routing", cases: "tickets.jsonl", model: "router.json", baseline: "router-old.json", compare: { resamples: 200 } },
    ],
  });
  const modelOf = (file: string, agent: AgentName): ModelFile =>
    ({ format: "scenario-model/1", id: basename(file, ".json"), agent, learner: "demo", training: { cases: 0, cv: {}, notes: [] }, kind: "binary", threshold: 0.5, thresholdRule: "demo", params: {} }) as BinaryModelFile;
  return runSuite(suite, "/demo/suite.json", {
    loadModel: async (file) => modelOf(file, file.includes("router") ? "service-routing" : "renewal-risk"),
    replay: async ({ model, faults }) => {
      if (model.agent === "service-routing") return routingReplay(600, model.id === "router" ? 0.82 : 0.75, { seed: model.id.length, model: model.id });
      return binaryReplay(cases, { separation: model.id === "candidate" ? 1.6 : 1.4, seed: model.id.length, model: model.id, bias: { FR: 0.8 }, ...(faults ? { errorRate: 0.15 } : {}) });
    },
    segmentMaps: async (_file, _agent, fields) => Object.fromEntries(fields.map((f) => [f, (id: string) => groups.get(id) ?? "?"])),
  });
}
