import { parseGateValue, type GateSpec } from "./suite-schema.ts";

/** Gate evaluation: a suite fails (and the CLI exits non-zero) when any gate fails. */

export interface GateResult {
  metric: string;
  op: GateSpec["op"];
  /** The value as written in the suite ("baseline-0.005" or 0.1). */
  spec: number | string;
  /** The number compared against, after resolving a baseline reference. */
  expected: number | null;
  actual: number | null;
  passed: boolean;
  /** Why it failed when it could not be evaluated (metric missing, no baseline). */
  note?: string;
}

const OPS: Record<GateSpec["op"], (a: number, b: number) => boolean> = {
  ">=": (a, b) => a >= b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  "<": (a, b) => a < b,
  // Metrics are floats: equality within a hair, not bit for bit.
  "==": (a, b) => Math.abs(a - b) <= 1e-9,
};

const finite = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);

/**
 * Evaluate gates against the candidate's metrics. A gate whose metric is missing or NaN,
 * or that refers to a baseline that was not run, FAILS: a CI gate that silently passes
 * on missing data would promote anything.
 */
export function evaluateGates(gates: readonly GateSpec[], metrics: Record<string, number>, baseline?: Record<string, number>): GateResult[] {
  return gates.map((g) => {
    const actual = metrics[g.metric];
    const v = parseGateValue(g.value);
    let expected: number | undefined;
    let note: string | undefined;
    if (v.kind === "number") expected = v.value;
    else if (!baseline) note = "gate refers to the baseline but the entry has no baseline model";
    else if (!finite(baseline[g.metric])) note = `baseline has no value for ${g.metric}`;
    else expected = baseline[g.metric]! + v.offset;
    if (!note && !finite(actual)) note = `metric ${g.metric} is not available for this entry`;
    const passed = !note && finite(actual) && finite(expected) && OPS[g.op](actual, expected);
    return {
      metric: g.metric,
      op: g.op,
      spec: g.value,
      expected: finite(expected) ? expected : null,
      actual: finite(actual) ? actual : null,
      passed,
      ...(note ? { note } : {}),
    };
  });
}
