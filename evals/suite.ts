import { dirname, isAbsolute, resolve } from "node:path";
import { isBinaryAgent, type AgentName } from "../cases/schema.ts";
import { AppError, errorMessage } from "../core/errors.ts";
import type { ModelFile } from "../models/types.ts";
import type { FaultSpec, ReplayReport } from "../sandbox/types.ts";
import { calibrateAutonomy, writeAutonomyPolicy, type AutonomyResult } from "./autonomy.ts";
import { chartData, worstMisses, type Charts, type Miss } from "./charts.ts";
import { compareReplays, promoteDecision, type Comparison, type PromoteDecision } from "./compare.ts";
import { summarize } from "./decisions.ts";
import { aucSE, Z95 } from "./stats.ts";
import { faultSummary, type FaultSummary } from "./faults.ts";
import { evaluateGates, type GateResult } from "./gates.ts";
import { loadSegmentMaps, type SegmentOf } from "./segment-values.ts";
import { segmentReport, type SegmentReport } from "./segments.ts";
import type { Suite, SuiteEntry } from "./suite-schema.ts";

/** Runs a suite: every entry through the sandbox replay, then compare, segments, faults, autonomy, gates. */

/** The sandbox replay (sandbox/replay.ts), injected so tests use hand-made reports. */
export type ReplayFn = (opts: {
  agent: AgentName;
  casesFile: string;
  model: ModelFile;
  faults?: FaultSpec;
  onProgress?: (done: number, total: number) => void;
}) => Promise<ReplayReport>;

export interface SuiteDeps {
  replay: ReplayFn;
  loadModel: (file: string) => Promise<ModelFile>;
  /**
   * `cases: "overrides"`: materialise the eval_cases dataset (human overrides) for an agent
   * as a JSONL case file and return its path. Absent → such entries fail with a clear error.
   */
  loadOverrides?: (agent: AgentName) => Promise<string>;
  segmentMaps?: (casesFile: string, agent: AgentName, fields: readonly string[]) => Promise<Record<string, SegmentOf>>;
  onProgress?: (label: string, done: number, total: number) => void;
}

export interface EntryReport {
  name: string;
  agent: AgentName;
  casesFile: string;
  model: string;
  baselineModel?: string;
  passed: boolean;
  /** Set when the entry could not run at all (it then fails). */
  error?: string;
  replay?: { cases: number; skipped: number; issues: number; latencyMs: ReplayReport["latencyMs"]; casesPerSecond: number };
  /** Every metric a gate can name (see README). */
  metrics: Record<string, number>;
  /** Metrics chosen for the summary table. */
  shown: string[];
  gates: GateResult[];
  comparison?: Comparison;
  promote?: PromoteDecision;
  segments?: SegmentReport[];
  faults?: FaultSummary;
  autonomy?: AutonomyResult & { policyFile: string };
  /** Plain-language warnings a reader must not miss (e.g. "no evidence the scores carry signal"). */
  notes?: string[];
  charts?: Charts;
  /** The baseline's curves, drawn under the candidate's. */
  baselineCharts?: Charts;
  worstMisses?: Miss[];
}

export interface SuiteReport {
  suite: string;
  startedAt: string;
  finishedAt: string;
  passed: boolean;
  entries: EntryReport[];
}

/**
 * AUC with a 95% Hanley-McNeil interval (gate names `aucCiLow` / `aucCiHigh`), and a note when
 * the interval includes 0.5: the labels, or the model, carry no measurable signal.
 */
export function signalNotes(agent: AgentName, m: Record<string, number>): string[] {
  const auc = m["auc"];
  const pos = m["positives"];
  const n = m["n"];
  if (!isBinaryAgent(agent) || auc === undefined || !Number.isFinite(auc) || pos === undefined || n === undefined) return [];
  const se = aucSE(auc, pos, n - pos);
  if (!Number.isFinite(se)) return [];
  m["aucCiLow"] = auc - Z95 * se;
  m["aucCiHigh"] = auc + Z95 * se;
  if (m["aucCiLow"] <= 0.5 && m["aucCiHigh"] >= 0.5) {
    return [`No evidence of signal: AUC ${auc.toFixed(3)} (95% CI ${m["aucCiLow"].toFixed(3)}–${m["aucCiHigh"].toFixed(3)}) includes 0.5, so scores rank cases no better than chance here; do not act on them without a human.`];
  }
  return [];
}

/** Replay metrics win over recomputed ones (they are the published contract); the rest fill in. */
export function flatMetrics(r: ReplayReport): Record<string, number> {
  const out: Record<string, number> = { ...summarize(r.agent, r.decisions), ...r.metrics };
  out["cases"] = r.cases;
  out["skipped"] = r.skipped;
  out["latencyP95"] = r.latencyMs.p95;
  out["casesPerSecond"] = r.casesPerSecond;
  return out;
}

export async function runSuite(suite: Suite, suiteFile: string, deps: SuiteDeps): Promise<SuiteReport> {
  const startedAt = new Date().toISOString();
  const entries: EntryReport[] = [];
  for (const entry of suite.entries) {
    const name = entry.name ?? `${entry.agent}:${entry.cases}`;
    try {
      entries.push(await runEntry(entry, name, dirname(suiteFile), deps));
    } catch (err) {
      entries.push({ name, agent: entry.agent, casesFile: entry.cases, model: entry.model, passed: false, error: errorMessage(err), metrics: {}, shown: [], gates: [] });
    }
  }
  return { suite: suite.name ?? suiteFile, startedAt, finishedAt: new Date().toISOString(), passed: entries.every((e) => e.passed), entries };
}

async function runEntry(entry: SuiteEntry, name: string, baseDir: string, deps: SuiteDeps): Promise<EntryReport> {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  let casesFile: string;
  if (entry.cases === "overrides") {
    // The CLI wires evals/overrides.ts (eval_cases rows of --tenant); tests inject their own.
    if (!deps.loadOverrides) throw new AppError("INPUT_INVALID", `entry "${name}": the overrides dataset needs a database loader (not wired yet)`);
    casesFile = await deps.loadOverrides(entry.agent);
  } else casesFile = at(entry.cases);

  const run = async (modelPath: string, label: string, faults?: FaultSpec) => {
    const model = await deps.loadModel(at(modelPath));
    if (model.agent !== entry.agent) throw new AppError("MODEL_MISMATCH", `${modelPath} is a ${model.agent} model, entry is for ${entry.agent}`);
    return deps.replay({ agent: entry.agent, casesFile, model, ...(faults ? { faults } : {}), onProgress: (d, t) => deps.onProgress?.(`${name} ${label}`, d, t) });
  };
  const candidate = await run(entry.model, "candidate");
  const report: EntryReport = {
    name,
    agent: entry.agent,
    casesFile,
    model: candidate.model,
    passed: false,
    replay: { cases: candidate.cases, skipped: candidate.skipped, issues: candidate.issues.length, latencyMs: candidate.latencyMs, casesPerSecond: candidate.casesPerSecond },
    metrics: flatMetrics(candidate),
    shown: [],
    gates: [],
    charts: chartData(entry.agent, candidate.decisions),
    worstMisses: worstMisses(entry.agent, candidate.decisions),
  };
  const m = report.metrics;
  report.notes = signalNotes(entry.agent, m);

  let baselineMetrics: Record<string, number> | undefined;
  if (entry.baseline) {
    const baseline = await run(entry.baseline, "baseline");
    baselineMetrics = flatMetrics(baseline);
    report.baselineModel = baseline.model;
    report.baselineCharts = chartData(entry.agent, baseline.decisions);
    const c = entry.compare;
    report.comparison = compareReplays(baseline, candidate, { resamples: c.resamples, seed: c.seed });
    report.promote = promoteDecision(report.comparison, { aucTolerance: c.aucTolerance, accuracyTolerance: c.accuracyTolerance, alpha: c.alpha });
    const auc = report.comparison.metrics["auc"];
    if (auc) {
      m["compare.aucDiff"] = auc.diff;
      if (auc.ci) [m["compare.aucCiLow"], m["compare.aucCiHigh"]] = auc.ci;
    }
    const acc = report.comparison.metrics[report.comparison.mcnemar.metric];
    if (acc) m["compare.accuracyDiff"] = acc.diff;
    m["compare.mcnemarP"] = report.comparison.mcnemar.pValue;
    m["compare.worse"] = report.comparison.flips.worse;
    m["compare.better"] = report.comparison.flips.better;
    m["compare.promote"] = report.promote.promote ? 1 : 0;
  }

  const autonomyFields = entry.autonomy ? (entry.autonomy.segments ?? entry.segments) : [];
  const fields = [...new Set([...entry.segments, ...autonomyFields])];
  const maps = fields.length ? await (deps.segmentMaps ?? loadSegmentMaps)(casesFile, entry.agent, fields) : {};
  if (entry.segments.length) {
    report.segments = entry.segments.map((f) => segmentReport(entry.agent, candidate.decisions, f, maps[f]!, entry.segmentOptions));
    for (const s of report.segments) {
      m[`segments.${s.field}.flags`] = s.flags.length;
      for (const g of s.gaps) m[`segments.${s.field}.maxGap.${g.metric}`] = g.gap;
    }
  }

  if (entry.faults) {
    const faulted = await run(entry.model, "faults", entry.faults);
    report.faults = faultSummary(faulted, { clean: candidate });
    m["faults.errorRate"] = report.faults.errorRate;
    m["faults.lost"] = report.faults.lost.count;
    m["faults.changedRate"] = report.faults.vsClean?.changedRate ?? Number.NaN;
  }

  if (entry.autonomy) {
    const a = entry.autonomy;
    const target = a.targetFpr !== undefined ? { targetFpr: a.targetFpr } : { targetPrecision: a.targetPrecision! };
    const segs = Object.fromEntries(autonomyFields.map((f) => [f, maps[f]!]));
    const result = calibrateAutonomy(entry.agent, candidate.decisions, target, { segments: segs, minSupport: a.minSupport });
    const policyFile = at(a.writePolicy);
    await writeAutonomyPolicy(policyFile, result);
    report.autonomy = { ...result, policyFile };
    m["autonomy.threshold"] = result.overall.threshold ?? Number.NaN;
    m["autonomy.autoRate"] = result.overall.autoRate;
  }

  report.gates = evaluateGates(entry.gates, m, baselineMetrics);
  report.shown = entry.metrics ?? Object.keys(m).filter((k) => !k.includes("."));
  report.passed = report.gates.every((g) => g.passed);
  return report;
}

/**
 * A one-entry report from a plain replay, so `scenario replay --html` can draw the same page
 * (curves, calibration, confusion matrix, worst misses) without a suite.
 */
export function replayOnlyReport(r: ReplayReport, casesFile: string): SuiteReport {
  const now = new Date().toISOString();
  const metrics = flatMetrics(r);
  const entry: EntryReport = {
    name: `${r.agent}:${r.model}`,
    agent: r.agent,
    casesFile,
    model: r.model,
    passed: true,
    replay: { cases: r.cases, skipped: r.skipped, issues: r.issues.length, latencyMs: r.latencyMs, casesPerSecond: r.casesPerSecond },
    metrics,
    shown: Object.keys(metrics),
    gates: [],
    charts: chartData(r.agent, r.decisions),
    worstMisses: worstMisses(r.agent, r.decisions),
  };
  return { suite: `replay of ${casesFile}`, startedAt: now, finishedAt: now, passed: true, entries: [entry] };
}
