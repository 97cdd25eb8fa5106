import type { UsageRow } from "../../cases/schema.ts";
import type { FeatureRow } from "../types.ts";
import { daysBefore, minOf, relativeChange, round } from "./values.ts";

/**
 * Usage signals from a metric time series, generic in the metric names: level, trend
 * (recent window vs the window before it), recency, breadth, and per metric family
 * aggregates. A family is the part of the metric name before ":" ("feature:reports" →
 * "feature"), or the whole name ("logins").
 */

const WINDOWS = [30, 60, 90] as const;

interface Dated {
  age: number;
  metric: string;
  value: number;
}

/** Families with at most this many signals each keep the row readable and bounded. */
const MAX_FAMILIES = 12;

export function familyOf(metric: string): string {
  const i = metric.indexOf(":");
  return (i > 0 ? metric.slice(0, i) : metric).trim().toLowerCase().replace(/\s+/g, "_");
}

function sumWhere(rows: readonly Dated[], from: number, to: number): number {
  let s = 0;
  for (const r of rows) if (r.age >= from && r.age < to) s += r.value;
  return s;
}

function windowSignals(rows: readonly Dated[], prefix: string, out: FeatureRow, historyDays: number): void {
  for (const w of WINDOWS) {
    const recent = sumWhere(rows, 0, w);
    out[`${prefix}.last${w}d`] = round(recent);
    // A trend needs a full previous window of history; otherwise it is unknown, not zero.
    out[`${prefix}.trend${w}d`] = historyDays >= 2 * w ? relativeChange(recent, sumWhere(rows, w, 2 * w)) : null;
  }
}

export function usageFeatures(usage: readonly UsageRow[], asOfMs: number, out: FeatureRow): void {
  const rows: Dated[] = [];
  for (const u of usage) {
    const age = daysBefore(u.date, asOfMs);
    if (age !== undefined && age >= 0 && Number.isFinite(u.value)) rows.push({ age, metric: u.metric, value: u.value });
  }
  out["usage.rows"] = rows.length;
  if (rows.length === 0) {
    out["usage.daysSinceLast"] = null;
    return;
  }
  let first = 0;
  let last = Number.POSITIVE_INFINITY;
  for (const r of rows) {
    first = Math.max(first, r.age);
    last = Math.min(last, r.age);
  }
  out["usage.daysSinceLast"] = round(last, 1);
  out["usage.historyDays"] = round(first, 1);
  windowSignals(rows, "usage", out, first);
  const total = rows.reduce((s, r) => s + r.value, 0);
  // Recent level against the account's own long-run rate (per 90 days).
  const longRun = first > 0 ? (total / Math.max(first, 90)) * 90 : 0;
  out["usage.last90dVsHistory"] = longRun > 0 ? relativeChange(sumWhere(rows, 0, 90), longRun) : null;
  out["usage.breadth"] = new Set(rows.map((r) => r.metric)).size;
  out["usage.breadth90d"] = new Set(rows.filter((r) => r.age < 90).map((r) => r.metric)).size;
  out["usage.activeDays90d"] = new Set(rows.filter((r) => r.age < 90).map((r) => Math.floor(r.age))).size;

  const byFamily = new Map<string, Dated[]>();
  for (const r of rows) {
    const f = familyOf(r.metric);
    const list = byFamily.get(f);
    if (list) list.push(r);
    else byFamily.set(f, [r]);
  }
  if (byFamily.size < 2) return; // one family = the totals above already say it all
  const families = [...byFamily.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  for (const [family, frows] of families.slice(0, MAX_FAMILIES)) {
    const p = `usage.${family}`;
    out[`${p}.last30d`] = round(sumWhere(frows, 0, 30));
    out[`${p}.trend30d`] = first >= 60 ? relativeChange(sumWhere(frows, 0, 30), sumWhere(frows, 30, 60)) : null;
    out[`${p}.daysSinceLast`] = round(minOf(frows.map((r) => r.age)), 1);
  }
}
