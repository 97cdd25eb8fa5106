import { availableParallelism, loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import { AgentPolicy, type PolicyConfig } from "../agents/shared/policy-config.ts";
import { readCases, type LocatedCase } from "../cases/reader.ts";
import type { AgentName, Case } from "../cases/schema.ts";
import { AppError } from "../core/errors.ts";
import type { Rep } from "../crm/types.ts";
import type { ModelFile } from "../models/types.ts";
import type { SandboxApproval } from "./approver.ts";
import { processCases, type BatchInput } from "./process-cases.ts";
import { binaryMetrics, isBinaryAgent, latencySummary, routingMetrics } from "./report-metrics.ts";
import { defaultRoster } from "./roster.ts";
import type { FaultSpec, ReplayDecision, ReplayReport } from "./types.ts";

export interface ReplayOptions {
  agent: AgentName;
  casesFile: string;
  model: ModelFile;
  policy?: PolicyConfig | undefined;
  roster?: Rep[] | undefined;
  approval?: SandboxApproval | undefined;
  faults?: FaultSpec | undefined;
  /** Worker threads; 0 or undefined = one per core (in-process for small files). */
  threads?: number | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/**
 * What the replay cost: CPU (process-wide, so worker threads count) beside wall time, and
 * the load average, since throughput on a shared machine means little without them.
 */
export interface ReplayCost {
  wallSeconds: number;
  cpuMsPerCase: number;
  threads: number;
  loadAverage: [number, number, number];
}

/** Per-queue figures and the run's cost ride along in reports (additive to the spec). */
export type ReplayResult = ReplayReport & {
  perQueue?: Record<string, { precision: number; recall: number; support: number }>;
  cost?: ReplayCost;
};

/**
 * Replay a case file through the agent's real graph in the sandbox and score it. Cases are
 * split across worker threads (one compiled graph each); outcomes are read only after.
 */
export async function replay(opts: ReplayOptions): Promise<ReplayResult> {
  if (opts.model.agent !== opts.agent) {
    throw new AppError("MODEL_MISMATCH", `model ${opts.model.id} was fitted for "${opts.model.agent}", not "${opts.agent}"`);
  }
  const { cases, report } = await readCases(opts.casesFile, { agent: opts.agent, requireOutcome: true });
  if (cases.length === 0) {
    throw new AppError("CASE_INVALID", `no valid ${opts.agent} cases in ${opts.casesFile} (${report.skipped} skipped)`, { issues: report.issues.slice(0, 20) });
  }
  const policy: AgentPolicy = opts.policy?.agents[opts.agent] ?? AgentPolicy.parse({});
  const base: Omit<BatchInput, "cases"> = {
    agent: opts.agent,
    model: opts.model,
    policy,
    roster: opts.roster ?? defaultRoster(opts.model.kind === "routing" ? opts.model.queues : []),
    approval: opts.approval ?? "approve",
    faults: opts.faults,
    allCases: opts.agent === "lead-triage" ? cases.map((c) => c.case) : undefined,
  };
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let done = 0;
  const tick = (n: number) => {
    done += n;
    opts.onProgress?.(done, cases.length);
  };
  const threads = chooseThreads(opts.threads, cases.length);
  const decisions = threads <= 1 ? await processCases({ ...base, cases }, (d) => tick(d - done)) : await inWorkers(base, cases, threads, tick);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const [l1 = 0, l5 = 0, l15 = 0] = loadavg();
  const cost: ReplayCost = {
    wallSeconds: Math.round(seconds * 1000) / 1000,
    cpuMsPerCase: Math.round(((cpu.user + cpu.system) / 1000 / decisions.length) * 1000) / 1000,
    threads,
    loadAverage: [l1, l5, l15].map((x) => Math.round(x * 100) / 100) as [number, number, number],
  };
  decisions.sort((a, b) => a.line - b.line);
  const threshold = policy.alertThreshold ?? (opts.model.kind === "binary" ? opts.model.threshold : 0.5);
  const routing = isBinaryAgent(opts.agent) ? undefined : routingMetrics(decisions);
  return {
    agent: opts.agent,
    model: opts.model.id,
    cases: decisions.length,
    skipped: report.skipped,
    issues: report.issues,
    metrics: routing ? routing.metrics : binaryMetrics(decisions, threshold),
    latencyMs: latencySummary(decisions),
    casesPerSecond: Math.round((decisions.length / seconds) * 10) / 10,
    decisions,
    ...(routing ? { perQueue: routing.perQueue } : {}),
    cost,
  };
}

function chooseThreads(requested: number | undefined, n: number): number {
  if (requested && requested > 0) return Math.min(requested, n);
  // Starting a worker costs a few hundred ms (module load): only worth it for larger files.
  return n < 400 ? 1 : Math.min(availableParallelism(), 8);
}

/** Interleave cases over `threads` workers so each gets a similar mix. */
async function inWorkers(
  base: Omit<BatchInput, "cases">,
  cases: LocatedCase<Case>[],
  threads: number,
  tick: (n: number) => void,
): Promise<ReplayDecision[]> {
  const batches: LocatedCase<Case>[][] = Array.from({ length: threads }, () => []);
  cases.forEach((c, i) => batches[i % threads]!.push(c));
  const results = await Promise.all(
    batches.map(
      (batch) =>
        new Promise<ReplayDecision[]>((resolve, reject) => {
          const worker = new Worker(new URL("./replay-worker.mjs", import.meta.url), {
            workerData: { ...base, cases: batch } satisfies BatchInput,
          });
          worker.on("message", (m: { type: string; done?: number; decisions?: ReplayDecision[]; message?: string }) => {
            if (m.type === "progress" && m.done) tick(m.done);
            else if (m.type === "done" && m.decisions) resolve(m.decisions);
            else if (m.type === "error") reject(new AppError("INTERNAL", `replay worker failed: ${m.message ?? "?"}`));
          });
          worker.on("error", reject);
          worker.on("exit", (code) => {
            if (code !== 0) reject(new AppError("INTERNAL", `replay worker exited with code ${code}`));
          });
        }),
    ),
  );
  return results.flat();
}
