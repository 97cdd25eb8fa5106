import { isBinaryAgent, type AgentName } from "../cases/schema.ts";
import {
  accuracy,
  auc,
  brier,
  falsePositiveRate,
  macroF1,
  percentile,
  perClassPrecisionRecall,
  precisionRecallAt,
  triggerRate,
} from "../core/metrics.ts";
import type { ReplayDecision } from "./types.ts";

const round = (x: number, d = 4) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);

/**
 * The report's `metrics` per ../shared/spec/cases.md, computed only from the decisions'
 * scores and the outcomes read after the graph ran. Decisions without a score (a failed
 * run) count as score 0 for binary agents, so a lost case lowers the figures honestly.
 */
export function binaryMetrics(decisions: ReplayDecision[], threshold: number): Record<string, number> {
  const scores = decisions.map((d) => d.score ?? 0);
  const labels = decisions.map((d) => (d.actual.label ? 1 : 0));
  const pr = precisionRecallAt(scores, labels, threshold);
  return {
    auc: round(auc(scores, labels)),
    precision: round(pr.precision),
    recall: round(pr.recall),
    triggerRate: round(triggerRate(scores, threshold)),
    falsePositiveRate: round(falsePositiveRate(scores, labels, threshold)),
    brier: round(brier(scores, labels)),
    threshold: round(threshold),
    positiveRate: round(labels.reduce((a: number, b) => a + b, 0) / Math.max(1, labels.length)),
  };
}

export function routingMetrics(decisions: ReplayDecision[]): {
  metrics: Record<string, number>;
  perQueue: Record<string, { precision: number; recall: number; support: number }>;
} {
  const predicted = decisions.map((d) => d.decision);
  const actual = decisions.map((d) => d.actual.queue ?? "");
  const metrics: Record<string, number> = {
    queueAccuracy: round(accuracy(predicted, actual)),
    queueMacroF1: round(macroF1(predicted, actual)),
  };
  const withPriority = decisions.filter((d) => d.actual.priority !== undefined);
  if (withPriority.length) {
    const p = withPriority.map((d) => String(d.details?.priority ?? ""));
    const a = withPriority.map((d) => d.actual.priority ?? "");
    metrics.priorityAccuracy = round(accuracy(p, a));
    metrics.priorityMacroF1 = round(macroF1(p, a));
  }
  const perQueue: Record<string, { precision: number; recall: number; support: number }> = {};
  for (const [q, s] of Object.entries(perClassPrecisionRecall(predicted, actual))) {
    perQueue[q] = { precision: round(s.precision), recall: round(s.recall), support: s.support };
  }
  return { metrics, perQueue };
}

export function latencySummary(decisions: ReplayDecision[]): { p50: number; p95: number; max: number } {
  const ms = decisions.map((d) => d.latencyMs);
  return { p50: round(percentile(ms, 50), 3), p95: round(percentile(ms, 95), 3), max: round(Math.max(0, ...ms), 3) };
}

