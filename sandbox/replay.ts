import { availableParallelism, loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import { AgentPolicy, type PolicyConfig } from "../agents/shared/policy-config.ts";
import { readCases, type LocatedCase } from "../cases/reader.ts";
import { isBinaryAgent, type AgentName, type Case } from "../cases/schema.ts";
import { AppError } from "../core/errors.ts";
import type { Rep } from "../crm/types.ts";
import type { ModelFile } from "../models/types.ts";
import type { SandboxApproval } from "./approver.ts";
import { createCaseProcessor, processCases, type BatchInput } from "./process-cases.ts";
import type { FromWorker, ToWorker } from "./replay-worker.ts";
import { bundledReplayWorker } from "./replay-worker-bundle.ts";
import { binaryMetrics, latencySummary, routingMetrics } from "./report-metrics.ts";
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
  /** Keep every case's whole decision record on its result (for `--records`). */
  keepRecords?: boolean | undefined;
  /** Threads including the main one (1 = in-process); 0 or undefined = one per core (in-process for small files). */
  threads?: number | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/**
 * What the replay cost: CPU (process-wide, so worker threads count) beside wall time, and
 * the load average, since throughput on a shared machine means little without them.
 */
export interface ReplayCost {
  /** From this process's start to the first case (reading the file and compiling the graph included). */
  firstCaseAfterSeconds: number;
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
 * run on the main thread and worker threads (one compiled graph each, chunks pulled from
 * one queue); outcomes are read only after.
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
    keepRecords: opts.keepRecords,
  };
  // performance.now() counts from this process's start: start-up is part of what a user waits for.
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
    firstCaseAfterSeconds: Math.round(started) / 1000,
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
  if (requested && requested > 0) return Math.max(1, Math.min(requested, Math.ceil(n / MIN_CHUNK)));
  // A worker costs ~1-2 s of CPU to start (tsx compiles every module again in its thread):
  // only worth it for larger files. The main thread works too, so threads = cores.
  return n < 400 ? 1 : Math.min(availableParallelism(), 8);
}

/** Largest and smallest chunk handed to a thread (a message costs far less than a case). */
const CHUNK = 32;
const MIN_CHUNK = 4;

/**
 * Run cases on the main thread plus `threads - 1` workers, each compiling the graph once
 * and pulling fixed-size chunks from one queue: a thread slowed by other load, or still
 * starting, takes fewer chunks instead of holding up the end of the replay.
 */
async function inWorkers(
  base: Omit<BatchInput, "cases">,
  cases: LocatedCase<Case>[],
  threads: number,
  tick: (n: number) => void,
): Promise<ReplayDecision[]> {
  let next = 0;
  // Guided chunks: large while much is left, small near the end, so no thread is left
  // holding a big chunk when the others run dry (on a loaded machine threads run unevenly).
  const take = (): LocatedCase<Case>[] | undefined => {
    if (next >= cases.length) return undefined;
    const size = Math.min(CHUNK, Math.max(MIN_CHUNK, Math.ceil((cases.length - next) / (threads * 4))));
    const chunk = cases.slice(next, next + size);
    next += size;
    return chunk;
  };
  const out: ReplayDecision[] = [];
  const workers = Array.from({ length: threads - 1 }, () => runWorker(base, take, (d) => {
    out.push(...d);
    tick(d.length);
  }));
  const processor = createCaseProcessor(base);
  for (let chunk = take(); chunk; chunk = take()) {
    out.push(...(await processor(chunk)));
    tick(chunk.length);
    // Let worker messages in (they are macrotasks) so idle workers get their next chunk.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.all(workers);
  return out;
}

/** One worker: keep two chunks in flight (one running, one queued) until the queue is empty. */
function runWorker(
  base: Omit<BatchInput, "cases">,
  take: () => LocatedCase<Case>[] | undefined,
  onDone: (decisions: ReplayDecision[]) => void,
): Promise<void> {
  return bundledReplayWorker().then((bundle) => new Promise<void>((resolve, reject) => {
    // The bundle starts ~2 s of CPU faster; the tsx entry is the fallback.
    const worker = new Worker(bundle ?? new URL("./replay-worker.mjs", import.meta.url), { workerData: base });
    let inFlight = 0;
    const feed = () => {
      const chunk = take();
      if (chunk) {
        inFlight++;
        worker.postMessage({ type: "chunk", cases: chunk } satisfies ToWorker);
      } else if (inFlight === 0) {
        worker.postMessage({ type: "end" } satisfies ToWorker);
      }
    };
    worker.on("message", (m: FromWorker) => {
      if (m.type === "error") {
        void worker.terminate();
        return reject(new AppError("INTERNAL", `replay worker failed: ${m.message}`));
      }
      inFlight--;
      onDone(m.decisions);
      feed();
    });
    worker.on("error", reject);
    worker.on("exit", (code) => (code === 0 ? resolve() : reject(new AppError("INTERNAL", `replay worker exited with code ${code}`))));
    feed();
    feed();
  }));
}
