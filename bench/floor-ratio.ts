import { leadSnapshot, renewalSnapshot, withoutOutcome } from "../cases/as-of.ts";
import type { AgentName, Case } from "../cases/schema.ts";
import { leadFeatures, predictRouting, renewalFeatures, scoreBinary } from "../models/index.ts";
import type { ModelFile } from "../models/types.ts";
import { AgentPolicy } from "../agents/shared/policy-config.ts";
import { floorRunner } from "../sandbox/graph-floor.ts";
import { createCaseProcessor } from "../sandbox/process-cases.ts";
import { defaultRoster } from "../sandbox/roster.ts";

/** One thread's CPU per case: the agent's real graph, LangGraph's floor for it, and the model's scoring alone. */
export interface BesideFloor {
  /** The floor graph's nodes and conditional edges (the agent's). */
  nodes: number;
  branches: number;
  agentCpuMs: number;
  floorCpuMs: number;
  scoringCpuMs: number;
  /** (agent − scoring) / floor: what the issue bounds at 1.5. */
  ratio: number;
  /** agent / (floor + scoring): the same with the scoring inside the yardstick. */
  ratioWithScoring: number;
  /** Each block pair's ratio, in run order: the spread on a noisy machine. */
  blocks: number[];
}

/** Blocks of cases per side; the two sides alternate so a change in the machine's speed hits both. */
const BLOCKS = 5;

/**
 * The agent's graph and its floor on this thread, in alternating blocks of cases (agent,
 * floor, agent, floor…) after a warm-up of each, CPU measured per block: measured side by
 * side, so a noisy machine moves both. Scoring is the model alone on the same cases
 * (features + prediction, as the scoring node does it).
 */
export async function besideFloor(agent: AgentName, model: ModelFile, cases: Case[], perBlock = 300): Promise<BesideFloor> {
  const processor = createCaseProcessor({
    agent,
    model,
    policy: AgentPolicy.parse({}),
    roster: defaultRoster(model.kind === "routing" ? model.queues : []),
    approval: "approve",
    allCases: agent === "lead-triage" ? cases : undefined,
  });
  const floor = await floorRunner(agent);
  const located = cases.map((c, i) => ({ line: i + 1, case: c }));
  let at = 0;
  const nextCases = (n: number) => Array.from({ length: n }, () => located[at++ % located.length] as (typeof located)[number]);
  let floorCase = 0;
  const agentBlock = async (n: number) => (await cpuMs(() => processor(nextCases(n)))) / n;
  const floorCases = async (n: number) => {
    for (let i = 0; i < n; i++) await floor.runCase(floorCase++);
  };
  const floorBlock = async (n: number) => (await cpuMs(() => floorCases(n))) / n;
  await agentBlock(perBlock);
  await floorBlock(perBlock);
  const agentMs: number[] = [];
  const floorMs: number[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    agentMs.push(await agentBlock(perBlock));
    floorMs.push(await floorBlock(perBlock));
  }
  const scoring = scoringCpuMs(agent, model, cases);
  const a = median(agentMs);
  const f = median(floorMs);
  return {
    nodes: floor.topology.nodes.length,
    branches: floor.topology.branches.size,
    agentCpuMs: round(a),
    floorCpuMs: round(f),
    scoringCpuMs: round(scoring),
    ratio: round((a - scoring) / f),
    ratioWithScoring: round(a / (f + scoring)),
    blocks: agentMs.map((x, i) => round((x - scoring) / (floorMs[i] ?? f))),
  };
}

/** CPU ms per case of the model alone on these cases (after one warm pass). */
export function scoringCpuMs(agent: AgentName, model: ModelFile, cases: Case[]): number {
  const score = scorer(agent, model);
  for (const c of cases) score(c);
  const before = process.cpuUsage();
  for (const c of cases) score(c);
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / 1000 / cases.length;
}

function scorer(agent: AgentName, model: ModelFile): (c: Case) => void {
  return (c) => {
    if (c.agent === "renewal-risk" && model.kind === "binary") scoreBinary(model, renewalFeatures(renewalSnapshot(c), c.asOf), 5);
    else if (c.agent === "lead-triage" && model.kind === "binary") scoreBinary(model, leadFeatures(leadSnapshot(c), c.asOf), 5);
    else if (c.agent === "service-routing" && model.kind === "routing") {
      const s = withoutOutcome(c);
      predictRouting(model, s.ticket, s.customer);
    } else throw new Error(`no scorer for ${agent} with a ${model.kind} model`);
  };
}

async function cpuMs(work: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (x: number) => Math.round(x * 1000) / 1000;
