import { readCases } from "../cases/reader.ts";
import type { AgentName } from "../cases/schema.ts";
import { fitModel } from "../models/index.ts";
import { replay } from "../sandbox/replay.ts";
import { sharedCases } from "./data.ts";

/** Which dev dataset each agent is measured on (fit on .train, replay .test). */
export const REPLAY_SETS: { agent: AgentName; set: string }[] = [
  { agent: "renewal-risk", set: "renewal-ravenstack" },
  { agent: "lead-triage", set: "lead-crm-opportunities" },
  { agent: "service-routing", set: "routing-tickets-v4" },
  { agent: "service-routing", set: "routing-bitext" },
];

/**
 * Replay throughput and per-case latency through the whole graph, offline defaults, all
 * cores (main thread plus workers), with CPU per case and the load average beside them.
 * Fit time is reported separately and not counted.
 */
export async function benchReplay(only?: AgentName): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const { agent, set } of REPLAY_SETS) {
    if (only && agent !== only) continue;
    const { cases } = await readCases(sharedCases(`${set}.train.jsonl`), { agent, requireOutcome: true });
    const t0 = performance.now();
    const model = fitModel(agent, cases.map((c) => c.case), { seed: 42 });
    const fitMs = performance.now() - t0;
    const report = await replay({ agent, casesFile: sharedCases(`${set}.test.jsonl`), model });
    out[`${agent}:${set}`] = {
      cases: report.cases,
      casesPerSecond: report.casesPerSecond,
      latencyMs: report.latencyMs,
      // CPU per case, threads and load average: wall-time figures alone mislead on a shared machine.
      cost: report.cost,
      metrics: report.metrics,
      fitSeconds: Math.round(fitMs) / 1000,
      trainingCv: model.training.cv,
    };
  }
  return out;
}
