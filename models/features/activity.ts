import type { EventRow, TicketRow } from "../../cases/schema.ts";
import type { FeatureRow } from "../types.ts";
import { daysBefore, minOf, round } from "./values.ts";

/** Ticket and event signals at `asOf`; anything dated after it is ignored. */

const HIGH_PRIORITY = new Set(["high", "urgent", "critical", "blocker", "p0", "p1", "highest", "emergency"]);

const mean = (xs: readonly number[]): number | null => (xs.length ? round(xs.reduce((s, x) => s + x, 0) / xs.length) : null);

export function ticketFeatures(tickets: readonly TicketRow[], asOfMs: number, out: FeatureRow): void {
  const seen = tickets
    .map((t) => ({ t, age: daysBefore(t.openedAt, asOfMs) }))
    .filter((x): x is { t: TicketRow; age: number } => x.age !== undefined && x.age >= 0);
  out["tickets.count"] = seen.length;
  out["tickets.last90d"] = seen.filter((x) => x.age < 90).length;
  let open = 0;
  const resolution: number[] = [];
  const csat: number[] = [];
  for (const { t } of seen) {
    const closedAge = daysBefore(t.closedAt, asOfMs);
    // Closed after asOf = still open at decision time; its CSAT was not known yet either.
    if (closedAge === undefined || closedAge < 0) {
      open++;
      continue;
    }
    const openedAge = daysBefore(t.openedAt, asOfMs)!;
    resolution.push(Math.max(0, openedAge - closedAge));
    if (t.csat !== undefined && Number.isFinite(t.csat)) csat.push(t.csat);
  }
  out["tickets.open"] = open;
  out["tickets.escalated"] = seen.filter((x) => x.t.escalated === true).length;
  out["tickets.escalated90d"] = seen.filter((x) => x.t.escalated === true && x.age < 90).length;
  out["tickets.highPriority"] = seen.filter((x) => HIGH_PRIORITY.has((x.t.priority ?? "").trim().toLowerCase())).length;
  out["tickets.meanResolutionDays"] = mean(resolution);
  out["tickets.meanCsat"] = mean(csat);
  out["tickets.minCsat"] = csat.length ? minOf(csat) : null;
  out["tickets.daysSinceLast"] = seen.length ? round(minOf(seen.map((x) => x.age)), 1) : null;
}

/** Event types are free text: keep the row bounded and the names readable. */
const MAX_EVENT_TYPES = 20;
export const typeKey = (type: string): string => type.trim().toLowerCase().replace(/\s+/g, "_");

export function eventFeatures(events: readonly EventRow[], asOfMs: number, out: FeatureRow): void {
  const seen = events
    .map((e) => ({ e, age: daysBefore(e.at, asOfMs) }))
    .filter((x): x is { e: EventRow; age: number } => x.age !== undefined && x.age >= 0);
  out["events.count"] = seen.length;
  out["events.last90d"] = seen.filter((x) => x.age < 90).length;
  out["events.daysSinceLast"] = seen.length ? round(minOf(seen.map((x) => x.age)), 1) : null;
  const counts = new Map<string, number>();
  for (const { e } of seen) counts.set(typeKey(e.type), (counts.get(typeKey(e.type)) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_EVENT_TYPES);
  for (const [type, n] of top) out[`events.${type}`] = n;
}
