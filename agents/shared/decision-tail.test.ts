import { describe, expect, it } from "vitest";
import type { GateOutcome } from "./decision.ts";
import { routeAfterGate } from "./decision-tail.ts";
import type { CommonStateValues } from "./state.ts";

const gated = (verdicts: GateOutcome["verdict"][]) =>
  ({
    gate: verdicts.map((verdict, i) => ({ actionId: `a:${i}`, verdict, reason: "r" })),
    proposedActions: verdicts.map((_, i) => ({ id: `a:${i}` })),
  }) as unknown as CommonStateValues;

describe("routeAfterGate", () => {
  it("asks a person when any action asks", () => {
    expect(routeAfterGate(gated(["auto", "ask", "block"]))).toBe("human_veto");
  });

  it("goes straight to the effects when every action was decided by policy", () => {
    expect(routeAfterGate(gated(["auto", "block"]))).toBe("execute_actions");
  });

  it("goes straight to the record when nothing was proposed", () => {
    expect(routeAfterGate(gated([]))).toBe("record_decision");
  });
});
