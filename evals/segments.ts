import { isBinaryAgent, type AgentName } from "../cases/schema.ts";
import type { ReplayDecision } from "../sandbox/types.ts";
import { isAlert, summarize } from "./decisions.ts";
import type { SegmentOf } from "./segment-values.ts";
import { aucSE, shareSE, Z95 } from "./stats.ts";

/**
 * Every metric per segment, the largest gaps between groups, and disparate alerting: a group
 * alerted far more (or less) often than the others at a similar outcome rate. A gap or a
 * disparity is flagged only when it is both large and beyond sampling noise (|z| >= 1.96),
 * so a 40-case group does not raise an alarm by chance.
 */

export interface SegmentGroup {
  value: string;
  n: number;
  /** Below minSupport: shown, but left out of gaps and disparity flags (too noisy). */
  lowSupport: boolean;
  metrics: Record<string, number>;
}

export interface MetricGap {
  metric: string;
  gap: number;
  low: { value: string; v: number; n: number };
  high: { value: string; v: number; n: number };
  /** Gap over its standard error; null for metrics without one (brier, macro F1): then size alone decides. */
  z: number | null;
  flagged: boolean;
}

/** Alert rate of a group against the rest, next to its outcome rate against the rest. */
export interface Disparity {
  value: string;
  triggerRate: number;
  outcomeRate: number;
  /** Group trigger rate / trigger rate of all other cases. */
  triggerRatio: number;
  /** Group outcome rate / outcome rate of all other cases. */
  outcomeRatio: number;
  /** triggerRatio / outcomeRatio: 1 when alerts follow outcomes; far from 1 is disparate. */
  disparity: number;
  /** Group trigger rate minus the rate expected from the rest at its outcome rate, in standard errors of that difference. */
  z: number;
  flagged: boolean;
}

export interface SegmentReport {
  field: string;
  groups: SegmentGroup[];
  gaps: MetricGap[];
  /** Binary agents only. */
  disparities: Disparity[];
  flags: string[];
}

export interface SegmentOptions {
  /** Smallest group measured for gaps and flags (default 30). */
  minSupport?: number;
  /** A metric gap at or above this is flagged (default 0.10). */
  gapThreshold?: number;
  /** Disparity outside [1/ratio, ratio] is flagged (default 1.25: the four-fifths rule). */
  disparityRatio?: number;
}

const GAP_METRICS = ["auc", "precision", "recall", "falsePositiveRate", "triggerRate", "accuracy", "brier", "queueAccuracy", "queueMacroF1", "priorityAccuracy"];

export function segmentReport(
  agent: AgentName,
  decisions: readonly ReplayDecision[],
  field: string,
  segmentOf: SegmentOf,
  opts: SegmentOptions = {},
): SegmentReport {
  const minSupport = opts.minSupport ?? 30;
  const gapThreshold = opts.gapThreshold ?? 0.1;
  const ratio = opts.disparityRatio ?? 1.25;
  const byValue = new Map<string, ReplayDecision[]>();
  for (const d of decisions) {
    const v = segmentOf(d.id);
    const list = byValue.get(v) ?? [];
    list.push(d);
    byValue.set(v, list);
  }
  const groups: SegmentGroup[] = [...byValue.entries()]
    .map(([value, ds]) => ({ value, n: ds.length, lowSupport: ds.length < minSupport, metrics: summarize(agent, ds) }))
    .sort((a, b) => b.n - a.n);
  const measured = groups.filter((g) => !g.lowSupport);

  const tallies = new Map(measured.map((g) => [g.value, tally(agent, byValue.get(g.value)!)]));
  const gaps: MetricGap[] = [];
  for (const metric of GAP_METRICS) {
    const vals = measured.map((g) => ({ value: g.value, v: g.metrics[metric], n: g.n })).filter((x): x is { value: string; v: number; n: number } => x.v !== undefined && Number.isFinite(x.v));
    if (vals.length < 2) continue;
    vals.sort((a, b) => a.v - b.v);
    const low = vals[0]!;
    const high = vals[vals.length - 1]!;
    const se = Math.hypot(metricSE(metric, low.v, tallies.get(low.value)!), metricSE(metric, high.v, tallies.get(high.value)!));
    const gap = high.v - low.v;
    const z = Number.isNaN(se) ? null : se > 0 ? gap / se : gap > 0 ? Number.POSITIVE_INFINITY : 0;
    gaps.push({ metric, gap, low, high, z, flagged: gap >= gapThreshold && (z === null || z >= Z95) });
  }
  gaps.sort((a, b) => b.gap - a.gap);

  const disparities: Disparity[] = [];
  if (isBinaryAgent(agent) && measured.length >= 2) {
    const total = tally(agent, decisions);
    for (const g of measured) {
      const mine = tallies.get(g.value)!;
      const rest = { n: total.n - mine.n, alerts: total.alerts - mine.alerts, positives: total.positives - mine.positives };
      const tr = mine.alerts / mine.n;
      const or = mine.positives / mine.n;
      const restTr = rest.alerts / rest.n;
      const triggerRatio = tr / restTr;
      const outcomeRatio = or / (rest.positives / rest.n);
      const disparity = triggerRatio / outcomeRatio;
      // The alert rate this group would have if alerts followed outcomes as they do for the rest.
      const expected = Number.isFinite(outcomeRatio) ? Math.min(1, restTr * outcomeRatio) : restTr;
      // Both rates are estimates: the group's and the rest's (scaled by the outcome ratio).
      const se = Math.hypot(shareSE(tr, mine.n), (Number.isFinite(outcomeRatio) ? outcomeRatio : 1) * shareSE(restTr, rest.n));
      const z = se > 0 ? (tr - expected) / se : 0;
      // No outcomes in the group (or the rest): only alerting above the rest can be judged.
      const large = Number.isFinite(disparity) && disparity > 0 ? disparity > ratio || disparity < 1 / ratio : tr > 0 && triggerRatio > ratio;
      disparities.push({ value: g.value, triggerRate: tr, outcomeRate: or, triggerRatio, outcomeRatio, disparity, z, flagged: large && Math.abs(z) >= Z95 });
    }
    const spread = (d: Disparity) => (Number.isFinite(d.disparity) && d.disparity > 0 ? Math.abs(Math.log(d.disparity)) : Number.MAX_VALUE);
    disparities.sort((a, b) => spread(b) - spread(a));
  }

  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const flags = [
    ...gaps
      .filter((g) => g.flagged)
      .map((g) => `${field}: ${g.metric} gap ${g.gap.toFixed(3)} (${g.low.value} ${g.low.v.toFixed(3)}, n=${g.low.n} vs ${g.high.value} ${g.high.v.toFixed(3)}, n=${g.high.n}${g.z === null ? "" : `; z = ${g.z.toFixed(1)}`})`),
    ...disparities
      .filter((d) => d.flagged)
      .map((d) => `${field}=${d.value}: alerted ${pct(d.triggerRate)} vs outcome rate ${pct(d.outcomeRate)} (alert ratio ${d.triggerRatio.toFixed(2)}× the rest at outcome ratio ${d.outcomeRatio.toFixed(2)}×; z = ${d.z.toFixed(1)})`),
  ];
  return { field, groups, gaps, disparities, flags };
}

interface Tally {
  n: number;
  alerts: number;
  positives: number;
}

/** Labelled cases (binary) or cases with a true queue (routing), with alerts and positives. */
function tally(agent: AgentName, ds: readonly ReplayDecision[]): Tally {
  let n = 0, alerts = 0, positives = 0;
  for (const d of ds) {
    if (!isBinaryAgent(agent)) {
      if (d.actual.queue !== undefined) n++;
      continue;
    }
    if (d.actual.label === undefined) continue;
    n++;
    if (isAlert(d)) alerts++;
    if (d.actual.label) positives++;
  }
  return { n, alerts, positives };
}

/** Standard error of one group's metric value; NaN when the metric has no simple one. */
function metricSE(metric: string, v: number, t: Tally): number {
  switch (metric) {
    case "auc":
      return aucSE(v, t.positives, t.n - t.positives);
    case "precision":
      return shareSE(v, t.alerts);
    case "recall":
      return shareSE(v, t.positives);
    case "falsePositiveRate":
      return shareSE(v, t.n - t.positives);
    case "triggerRate":
    case "accuracy":
    case "queueAccuracy":
    case "priorityAccuracy":
      return shareSE(v, t.n);
    default:
      return Number.NaN;
  }
}
