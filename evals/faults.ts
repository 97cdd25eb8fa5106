import type { ReplayReport } from "../sandbox/types.ts";
import { summarize } from "./decisions.ts";

/**
 * Fault-injection reporting: how decisions degrade under tool timeouts, tool errors and
 * malformed model replies, and proof that no case was lost (every input case still has a
 * decision, whatever went wrong on the way).
 */

export interface FaultSummary {
  /** Cases the replay was given (from the case file or the clean run). */
  expected: number;
  decisions: number;
  lost: { count: number; ids: string[] };
  /** Decisions that recorded at least one injected fault or recovered error. */
  withErrors: number;
  errorRate: number;
  /** Count per error kind: "<where>: timeout | tool error | malformed reply | <code>" (see errorKind). */
  errorKinds: Record<string, number>;
  /** Count per final status (completed / blocked / failed …). */
  statuses: Record<string, number>;
  /** Metrics of the faulted run, and against a clean run of the same cases when given. */
  metrics: Record<string, number>;
  vsClean?: {
    deltas: Record<string, { clean: number; faulted: number; diff: number }>;
    /** Cases whose decision differs from the clean run. */
    changedDecisions: number;
    changedRate: number;
  };
}

export function faultSummary(faulted: ReplayReport, opts: { clean?: ReplayReport; expectedIds?: readonly string[] } = {}): FaultSummary {
  const expectedIds = opts.expectedIds ?? opts.clean?.decisions.map((d) => d.id);
  const have = new Set(faulted.decisions.map((d) => d.id));
  const lostIds = expectedIds ? expectedIds.filter((id) => !have.has(id)) : [];
  const expected = expectedIds?.length ?? faulted.cases;
  const lostCount = expectedIds ? lostIds.length : Math.max(0, faulted.cases - faulted.decisions.length);
  const errorKinds: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  let withErrors = 0;
  for (const d of faulted.decisions) {
    statuses[d.status] = (statuses[d.status] ?? 0) + 1;
    if (d.errors.length) withErrors++;
    for (const e of d.errors) {
      const kind = errorKind(e);
      errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    }
  }
  const metrics = summarize(faulted.agent, faulted.decisions);
  const out: FaultSummary = {
    expected,
    decisions: faulted.decisions.length,
    lost: { count: lostCount, ids: lostIds.slice(0, 20) },
    withErrors,
    errorRate: faulted.decisions.length ? withErrors / faulted.decisions.length : 0,
    errorKinds,
    statuses,
    metrics,
  };
  if (opts.clean) {
    const clean = summarize(opts.clean.agent, opts.clean.decisions);
    const deltas: NonNullable<FaultSummary["vsClean"]>["deltas"] = {};
    for (const [k, v] of Object.entries(metrics)) {
      if (k === "n" || k === "positives" || clean[k] === undefined) continue;
      deltas[k] = { clean: clean[k]!, faulted: v, diff: v - clean[k]! };
    }
    const cleanById = new Map(opts.clean.decisions.map((d) => [d.id, d.decision]));
    let changed = 0;
    let both = 0;
    for (const d of faulted.decisions) {
      const c = cleanById.get(d.id);
      if (c === undefined) continue;
      both++;
      if (c !== d.decision) changed++;
    }
    out.vsClean = { deltas, changedDecisions: changed, changedRate: both ? changed / both : 0 };
  }
  return out;
}

/**
 * "get_usage attempt 2: injected fault: tool timed out" → "get_usage: timeout". Where it
 * happened (retry counter dropped) and what went wrong, so retries of one call add up.
 */
export function errorKind(error: string): string {
  const i = error.indexOf(":");
  const where = (i >= 0 ? error.slice(0, i) : error).replace(/\s+attempt\s+\d+$/i, "").trim() || "error";
  const what = i >= 0 ? error.slice(i + 1) : "";
  const cause = /time[sd]?\s*out|timeout/i.test(what)
    ? "timeout"
    : /malformed|invalid json|parse/i.test(what)
      ? "malformed reply"
      : /error|fail/i.test(what)
        ? "tool error"
        : (what.trim().split(/\s+/)[0] ?? "error");
  return i >= 0 ? `${where}: ${cause}` : where;
}
