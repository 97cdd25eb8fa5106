import { isBinaryAgent, type AgentName } from "../cases/schema.ts";
import { AppError } from "../core/errors.ts";
import type { Factor } from "../models/types.ts";
import type { ReplayDecision, ReplayReport } from "../sandbox/types.ts";
import { aucOf, brierOf, type Scored } from "./curves.ts";
import { accuracyName, isCorrect, isPriorityCorrect, summarize } from "./decisions.ts";
import { mcnemar, pairedBootstrap, type BootstrapDiff, type McNemar } from "./stats.ts";

/**
 * Compare two replays of the same cases (matched by case id): metric differences with
 * confidence intervals, McNemar on paired right/wrong, the cases that flipped, and the
 * promote decision an analyst acts on.
 */

export interface MetricDiff {
  baseline: number;
  candidate: number;
  diff: number;
  /** 95% paired-bootstrap interval of the difference, when computed. */
  ci?: [number, number];
}

/** A case whose decision became right (better) or wrong (worse). */
export interface Flip {
  id: string;
  direction: "better" | "worse";
  actual: ReplayDecision["actual"];
  baseline: { score: number | null; decision: string; topFactors: Factor[] };
  candidate: { score: number | null; decision: string; topFactors: Factor[] };
}

export interface Comparison {
  agent: AgentName;
  baselineModel: string;
  candidateModel: string;
  matched: number;
  /** Case ids replayed by one version only (first 20 kept; counts are exact). */
  onlyBaseline: { count: number; ids: string[] };
  onlyCandidate: { count: number; ids: string[] };
  metrics: Record<string, MetricDiff>;
  bootstrap?: Omit<BootstrapDiff, "diff" | "ci">;
  /** Paired right/wrong on the decision (binary: alert vs outcome; routing: queue). */
  mcnemar: McNemar & { metric: string };
  priorityMcnemar?: McNemar & { metric: string };
  flips: { better: number; worse: number; cases: Flip[] };
}

export interface CompareOptions {
  resamples?: number;
  seed?: number;
  /** Flipped cases kept in the report per direction (all are counted). Default 25. */
  maxFlips?: number;
}

const top = (f: Factor[]) => f.slice(0, 3);

export function compareReplays(baseline: ReplayReport, candidate: ReplayReport, opts: CompareOptions = {}): Comparison {
  if (baseline.agent !== candidate.agent) {
    throw new AppError("MODEL_MISMATCH", `cannot compare ${baseline.agent} with ${candidate.agent}`);
  }
  const agent = candidate.agent;
  const candById = new Map(candidate.decisions.map((d) => [d.id, d]));
  const baseIds = new Set(baseline.decisions.map((d) => d.id));
  const pairs: [ReplayDecision, ReplayDecision][] = [];
  const onlyBaseline: string[] = [];
  for (const b of baseline.decisions) {
    const c = candById.get(b.id);
    if (c) pairs.push([b, c]);
    else onlyBaseline.push(b.id);
  }
  const onlyCandidate = candidate.decisions.filter((d) => !baseIds.has(d.id)).map((d) => d.id);
  const bs = pairs.map((p) => p[0]);
  const cs = pairs.map((p) => p[1]);

  const sb = summarize(agent, bs);
  const sc = summarize(agent, cs);
  const metrics: Record<string, MetricDiff> = {};
  for (const k of Object.keys(sc)) {
    if (k === "n" || k === "positives" || k === "outcomeRate" || sb[k] === undefined) continue;
    metrics[k] = { baseline: sb[k]!, candidate: sc[k]!, diff: sc[k]! - sb[k]! };
  }

  let bootstrap: Comparison["bootstrap"];
  const acc = accuracyName(agent);
  const correct = pairs.map(([b, c]) => [isCorrect(agent, b), isCorrect(agent, c)] as const);
  const accStat = (idx: readonly number[], which: "baseline" | "candidate") => {
    let right = 0, n = 0;
    for (const i of idx) {
      const v = correct[i]![which === "baseline" ? 0 : 1];
      if (v === undefined) continue;
      n++;
      if (v) right++;
    }
    return n ? right / n : Number.NaN;
  };
  if (isBinaryAgent(agent)) {
    // Only cases both versions scored and that have a label enter the AUC resamples.
    const scored = pairs.filter(([b, c]) => b.score !== null && c.score !== null && b.actual.label !== undefined);
    const label = scored.map(([b]) => (b.actual.label ? 1 : 0) as 0 | 1);
    const scoreOf = (which: "baseline" | "candidate", i: number) => scored[i]![which === "baseline" ? 0 : 1].score!;
    const pick = (idx: readonly number[], which: "baseline" | "candidate"): Scored[] =>
      idx.map((i) => ({ score: scoreOf(which, i), label: label[i]! }));
    const auc = pairedBootstrap(scored.length, (idx, w) => aucOf(pick(idx, w)), opts);
    const brier = pairedBootstrap(scored.length, (idx, w) => brierOf(pick(idx, w)), opts);
    if (metrics["auc"]) metrics["auc"].ci = auc.ci;
    if (metrics["brier"]) metrics["brier"].ci = brier.ci;
    bootstrap = { used: auc.used, resamples: auc.resamples, seed: auc.seed };
  }
  const accBoot = pairedBootstrap(pairs.length, accStat, opts);
  if (metrics[acc]) metrics[acc].ci = accBoot.ci;
  bootstrap ??= { used: accBoot.used, resamples: accBoot.resamples, seed: accBoot.seed };

  let b = 0, c = 0;
  const flips: Flip[] = [];
  pairs.forEach(([bd, cd], i) => {
    const [okB, okC] = correct[i]!;
    if (okB === undefined || okC === undefined || okB === okC) return;
    if (okB) b++;
    else c++;
    flips.push({
      id: bd.id,
      direction: okC ? "better" : "worse",
      actual: bd.actual,
      baseline: { score: bd.score, decision: bd.decision, topFactors: top(bd.topFactors) },
      candidate: { score: cd.score, decision: cd.decision, topFactors: top(cd.topFactors) },
    });
  });
  // Worse first (what blocks a promotion), then by how far the score moved.
  const moved = (f: Flip) => Math.abs((f.candidate.score ?? 0) - (f.baseline.score ?? 0));
  flips.sort((x, y) => (x.direction === y.direction ? moved(y) - moved(x) : x.direction === "worse" ? -1 : 1));

  const maxFlips = opts.maxFlips ?? 25;
  const result: Comparison = {
    agent,
    baselineModel: baseline.model,
    candidateModel: candidate.model,
    matched: pairs.length,
    onlyBaseline: { count: onlyBaseline.length, ids: onlyBaseline.slice(0, 20) },
    onlyCandidate: { count: onlyCandidate.length, ids: onlyCandidate.slice(0, 20) },
    metrics,
    bootstrap,
    mcnemar: { metric: acc, ...mcnemar(b, c) },
    flips: { better: c, worse: b, cases: [...flips.filter((f) => f.direction === "worse").slice(0, maxFlips), ...flips.filter((f) => f.direction === "better").slice(0, maxFlips)] },
  };
  if (!isBinaryAgent(agent) && metrics["priorityAccuracy"]) {
    let pb = 0, pc = 0;
    for (const [bd, cd] of pairs) {
      const okB = isPriorityCorrect(bd);
      const okC = isPriorityCorrect(cd);
      if (okB === undefined || okC === undefined || okB === okC) continue;
      if (okB) pb++;
      else pc++;
    }
    result.priorityMcnemar = { metric: "priorityAccuracy", ...mcnemar(pb, pc) };
  }
  return result;
}

export interface PromotePolicy {
  /** AUC may drop by at most this much (default 0.005). */
  aucTolerance?: number;
  /** Decision/queue accuracy may drop by at most this much (default 0.005). */
  accuracyTolerance?: number;
  /** Significance level for McNemar (default 0.05). */
  alpha?: number;
}

export interface PromoteDecision {
  promote: boolean;
  /** Why not (empty when promoted). */
  reasons: string[];
  /** Every check with its figures, passed or not. */
  checks: { name: string; ok: boolean; detail: string }[];
}

const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : String(x));

/**
 * Refuse a version that is worse: lost cases, AUC below baseline beyond tolerance or with
 * its whole CI below 0, accuracy lower beyond tolerance, or significantly worse by McNemar.
 */
export function promoteDecision(cmp: Comparison, policy: PromotePolicy = {}): PromoteDecision {
  const aucTol = policy.aucTolerance ?? 0.005;
  const accTol = policy.accuracyTolerance ?? 0.005;
  const alpha = policy.alpha ?? 0.05;
  const checks: PromoteDecision["checks"] = [];
  checks.push({ name: "cases matched", ok: cmp.matched > 0 && cmp.onlyBaseline.count === 0, detail: `${cmp.matched} matched, ${cmp.onlyBaseline.count} missing from the candidate` });
  const auc = cmp.metrics["auc"];
  if (auc) {
    checks.push({ name: "auc within tolerance", ok: !(auc.diff < -aucTol), detail: `Δ ${f4(auc.diff)} (tolerance −${aucTol})` });
    if (auc.ci) checks.push({ name: "auc CI not entirely below 0", ok: !(auc.ci[1] < 0), detail: `95% CI [${f4(auc.ci[0])}, ${f4(auc.ci[1])}]` });
  }
  const acc = cmp.metrics[cmp.mcnemar.metric];
  if (acc) checks.push({ name: `${cmp.mcnemar.metric} within tolerance`, ok: !(acc.diff < -accTol), detail: `Δ ${f4(acc.diff)} (tolerance −${accTol})` });
  const m = cmp.mcnemar;
  checks.push({ name: "not significantly worse (McNemar)", ok: !(m.b > m.c && m.pValue < alpha), detail: `${m.c} better, ${m.b} worse, p = ${f4(m.pValue)} (${m.method})` });
  const reasons = checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
  return { promote: reasons.length === 0, reasons, checks };
}
