import type { AgentPolicy } from "../agents/shared/policy-config.ts";
import type { LocatedCase } from "../cases/reader.ts";
import type { AgentName, Case } from "../cases/schema.ts";
import { errorMessage } from "../core/errors.ts";
import type { Rep } from "../crm/types.ts";
import type { ModelFile } from "../models/types.ts";
import type { SandboxApproval } from "./approver.ts";
import { faultInjector } from "./faults.ts";
import { peopleFinderFor } from "./people.ts";
import { createSandboxRunner, type SandboxRunner } from "./run-case.ts";
import type { FaultSpec, ReplayDecision } from "./types.ts";

/** Everything a replay batch needs; plain data so it crosses into a worker thread. */
export interface BatchInput {
  agent: AgentName;
  model: ModelFile;
  policy: AgentPolicy;
  roster: Rep[];
  approval: SandboxApproval;
  faults?: FaultSpec | undefined;
  /** The cases to run in this batch. */
  cases: LocatedCase<Case>[];
  /** Every case of the file (lead triage dedupes against the earlier ones). */
  allCases?: Case[] | undefined;
  /** Keep each case's whole decision record on its result (`scenario replay --records`). */
  keepRecords?: boolean | undefined;
}

/** Ground truth, read from `outcome` only after the graph has run. */
export function actualOf(c: Case): ReplayDecision["actual"] {
  if (c.agent === "renewal-risk") return { label: c.outcome?.churned ?? false };
  if (c.agent === "lead-triage") return { label: c.outcome?.converted ?? false };
  return { queue: c.outcome?.queue ?? "", ...(c.outcome?.priority ? { priority: c.outcome.priority } : {}) };
}

/** Runs cases through one compiled graph; built once per thread, called per chunk. */
export type CaseProcessor = (cases: LocatedCase<Case>[], onProgress?: (done: number) => void) => Promise<ReplayDecision[]>;

/** Compile the agent's graph once and return a function that runs cases through it in order. */
export function createCaseProcessor(input: Omit<BatchInput, "cases">): CaseProcessor {
  const runner = createSandboxRunner({
    agent: input.agent,
    model: input.model,
    policy: input.policy,
    roster: input.roster,
    approval: input.approval,
    findPeople: peopleFinderFor(input.agent, input.allCases ?? []),
    faults: input.faults ? faultInjector(input.faults) : undefined,
  });
  return async (cases, onProgress) => {
    const out: ReplayDecision[] = [];
    for (const { line, case: c } of cases) {
      out.push(await runOne(runner, line, c, input.keepRecords === true));
      onProgress?.(out.length);
    }
    return out;
  };
}

/** Run a batch of cases through the real graph, one at a time, reporting progress. */
export async function processCases(input: BatchInput, onProgress: (done: number) => void): Promise<ReplayDecision[]> {
  return createCaseProcessor(input)(input.cases, onProgress);
}

async function runOne(runner: SandboxRunner, line: number, c: Case, keepRecord: boolean): Promise<ReplayDecision> {
  const started = performance.now();
  try {
    const { record } = await runner.run(c);
    return {
      id: c.id,
      line,
      score: record.score,
      decision: record.decision,
      topFactors: record.topFactors,
      details: pickDetails(record.details),
      actual: actualOf(c),
      latencyMs: performance.now() - started,
      status: record.status,
      errors: record.errors,
      ...(keepRecord ? { record } : {}),
    };
  } catch (err) {
    // A case is never lost: a crash is a failed decision with its reason.
    return {
      id: c.id,
      line,
      score: null,
      decision: "error",
      topFactors: [],
      actual: actualOf(c),
      latencyMs: performance.now() - started,
      status: "failed",
      errors: [errorMessage(err)],
    };
  }
}

/** The small, agent-specific details worth keeping per decision in a report. */
function pickDetails(details: Record<string, unknown>): Record<string, unknown> {
  const keep = ["priority", "grade", "riskLevel", "assignee", "duplicateOf", "queue"];
  const out: Record<string, unknown> = {};
  for (const k of keep) if (details[k] !== undefined) out[k] = details[k];
  return out;
}
