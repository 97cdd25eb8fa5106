import { describe, expect, it } from "vitest";
import type { ReplayReport } from "../sandbox/types.ts";
import { errorKind, faultSummary } from "./faults.ts";
import { binaryReplay, syntheticCases } from "../test/eval-fixtures.ts";

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
    expect(f.errorKinds["TOOL_TIMEOUT: timeout"]).toBe(f.withErrors);
    expect(f.statuses["completed_with_errors"]).toBe(f.withErrors);
    expect(f.vsClean!.deltas["auc"]!.diff).toBeLessThan(0);
    expect(f.vsClean!.changedDecisions).toBeGreaterThan(0);
  });

  it("groups errors by where and what, adding up retries of the same call", () => {
    expect(errorKind("get_usage attempt 1: injected fault: tool timed out")).toBe("get_usage: timeout");
    expect(errorKind("get_usage attempt 2: injected fault: tool error")).toBe("get_usage: tool error");
    expect(errorKind("draft_brief: injected fault: malformed model reply")).toBe("draft_brief: malformed reply");
    expect(errorKind("something odd")).toBe("something odd");
  });

  it("reports the cases a faulted run lost, by id", () => {
    const clean = binaryReplay(cases);
    const full = binaryReplay(cases, { errorRate: 0.1 });
    const faulted: ReplayReport = { ...full, decisions: full.decisions.filter((d) => d.id !== "C-7" && d.id !== "C-9") };
    const f = faultSummary(faulted, { clean });
    expect(f.lost).toEqual({ count: 2, ids: ["C-7", "C-9"] });
  });
});
