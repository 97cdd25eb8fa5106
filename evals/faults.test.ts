import { describe, expect, it } from "vitest";
import type { ReplayReport } from "../sandbox/types.ts";
import { faultSummary } from "./faults.ts";
import { binaryReplay, syntheticCases } from "./fixtures.ts";

const cases = syntheticCases(500, { A: 0.3 });

describe("faultSummary", () => {
  it("measures error rates and metric deltas against the clean run, with no case lost", () => {
    // Given a clean replay and one where 30% of decisions hit injected faults and were scored worse
    const clean = binaryReplay(cases, { seed: 1 });
    const faulted = binaryReplay(cases, { seed: 2, separation: 0.8, errorRate: 0.3 });
    // When summarising
    const f = faultSummary(faulted, { clean });
    // Then
    expect(f.lost.count).toBe(0);
    expect(f.expected).toBe(500);
    expect(f.errorRate).toBeGreaterThan(0.2);
    expect(f.errorRate).toBeLessThan(0.4);
    expect(f.errorKinds["TOOL_TIMEOUT"]).toBe(f.withErrors);
    expect(f.statuses["completed_with_errors"]).toBe(f.withErrors);
    expect(f.vsClean!.deltas["auc"]!.diff).toBeLessThan(0);
    expect(f.vsClean!.changedDecisions).toBeGreaterThan(0);
  });

  it("reports the cases a faulted run lost, by id", () => {
    const clean = binaryReplay(cases);
    const full = binaryReplay(cases, { errorRate: 0.1 });
    const faulted: ReplayReport = { ...full, decisions: full.decisions.filter((d) => d.id !== "C-7" && d.id !== "C-9") };
    const f = faultSummary(faulted, { clean });
    expect(f.lost).toEqual({ count: 2, ids: ["C-7", "C-9"] });
  });
});
