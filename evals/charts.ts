import { isBinaryAgent, type AgentName } from "../cases/schema.ts";
import type { Factor } from "../models/types.ts";
import type { ReplayDecision } from "../sandbox/types.ts";
import { aucOf, binaryPairs, reliability, sweep, thin } from "./curves.ts";
import { autonomyPairs, isCorrect } from "./decisions.ts";

/**
 * The data behind the report's charts, computed once and stored in report.json so the HTML
 * page only draws (and an analyst can re-plot from the JSON).
 */

export interface XY {
  x: number;
  y: number;
}

export interface BinaryCharts {
  kind: "binary";
  auc: number;
  /** (false-positive rate, true-positive rate), from (0,0). */
  roc: XY[];
  /** (recall, precision). */
  pr: XY[];
  calibration: { predicted: number; observed: number; n: number }[];
  /** Share of cases alerted, FPR, precision and recall when acting on score >= threshold. */
  trigger: { threshold: number; triggerRate: number; fpr: number; precision: number; recall: number }[];
}

export interface RoutingCharts {
  kind: "routing";
  /** Rows: true queue; columns: predicted queue (same label order). Rare labels fold into "(other)". */
  queue: { labels: string[]; matrix: number[][] };
  priority?: { labels: string[]; matrix: number[][] };
  /** Queue confidence vs share right. */
  calibration: { predicted: number; observed: number; n: number }[];
}

export type Charts = BinaryCharts | RoutingCharts;

export function chartData(agent: AgentName, decisions: readonly ReplayDecision[]): Charts {
  if (!isBinaryAgent(agent)) {
    const q = decisions.filter((d) => d.actual.queue !== undefined);
    const charts: RoutingCharts = {
      kind: "routing",
      queue: confusion(q.map((d) => d.actual.queue!), q.map((d) => d.decision)),
      calibration: reliability(autonomyPairs(agent, decisions)),
    };
    const p = decisions.filter((d) => d.actual.priority !== undefined);
    if (p.length) {
      const pred = p.map((d) => (typeof d.details?.["priority"] === "string" ? (d.details["priority"] as string) : "(none)"));
      charts.priority = confusion(p.map((d) => d.actual.priority!), pred);
    }
    return charts;
  }
  const pairs = binaryPairs(decisions);
  const pts = sweep(pairs);
  const roc: XY[] = [{ x: 0, y: 0 }, ...pts.map((p) => ({ x: p.fpr, y: p.recall }))];
  const pr: XY[] = pts.map((p) => ({ x: p.recall, y: p.precision }));
  return {
    kind: "binary",
    auc: aucOf(pairs),
    roc: thin(roc, 300),
    pr: thin(pr, 300),
    calibration: reliability(pairs),
    trigger: thin(pts, 200).map((p) => ({ threshold: p.threshold, triggerRate: p.triggerRate, fpr: p.fpr, precision: p.precision, recall: p.recall })),
  };
}

const MAX_LABELS = 14;

export function confusion(truth: readonly string[], pred: readonly string[]): { labels: string[]; matrix: number[][] } {
  const freq = new Map<string, number>();
  for (const t of truth) freq.set(t, (freq.get(t) ?? 0) + 1);
  let labels = [...freq.entries()].sort((a, b) => b[1] - a[1]).map(([l]) => l);
  const other = "(other)";
  if (labels.length > MAX_LABELS) labels = labels.slice(0, MAX_LABELS - 1);
  const known = new Set(labels);
  const fold = (l: string) => (known.has(l) ? l : other);
  const needOther = truth.some((t) => !known.has(t)) || pred.some((p) => !known.has(p));
  if (needOther) labels = [...labels, other];
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  truth.forEach((t, i) => {
    matrix[index.get(fold(t))!]![index.get(fold(pred[i]!))!]!++;
  });
  return { labels, matrix };
}

/** A wrong decision worth reading: confident and wrong, with why the model thought so. */
export interface Miss {
  id: string;
  actual: string;
  decision: string;
  score: number | null;
  topFactors: Factor[];
  errors: string[];
}

/** Wrong decisions, most confident first (binary: furthest score from the truth). */
export function worstMisses(agent: AgentName, decisions: readonly ReplayDecision[], k = 15): Miss[] {
  const wrong = decisions.filter((d) => isCorrect(agent, d) === false);
  const binary = isBinaryAgent(agent);
  const badness = (d: ReplayDecision) => (binary ? Math.abs((d.score ?? 0.5) - (d.actual.label ? 1 : 0)) : (d.score ?? 0));
  return wrong
    .sort((a, b) => badness(b) - badness(a))
    .slice(0, k)
    .map((d) => ({
      id: d.id,
      actual: binary ? String(d.actual.label) : (d.actual.queue ?? ""),
      decision: d.decision,
      score: d.score,
      topFactors: d.topFactors.slice(0, 4),
      errors: d.errors,
    }));
}
