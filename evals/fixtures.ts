import type { AgentName } from "../cases/schema.ts";
import type { ReplayDecision, ReplayReport } from "../sandbox/types.ts";
import { seededRandom } from "./stats.ts";

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
