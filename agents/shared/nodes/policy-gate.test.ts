import { describe, expect, it } from "vitest";
import type { ProposedAction } from "../../../crm/types.ts";
import { AgentPolicy } from "../policy-config.ts";
import type { CommonStateValues } from "../state.ts";
import { gateActions, needsHuman, type AgentGateRules } from "./policy-gate.ts";

const action = (kind: ProposedAction["kind"], n = 1): ProposedAction => ({
  id: `${kind}:${n}`,
  kind,
  target: { type: "account", id: "A-1" },
  params: {},
  summary: kind,
});

const state = (score: number, actions: ProposedAction[], segments: string[] = []) =>
  ({ score, proposedActions: actions, details: { segments }, gate: [] }) as unknown as CommonStateValues;

const rules: AgentGateRules = {
  allowedKinds: ["create_task", "offer_discount"],
  rule: (a) => (a.kind === "offer_discount" ? { actionId: a.id, verdict: "ask", reason: "price", approverRole: "manager" } : undefined),
  segmentsOf: (s) => s.details.segments as string[],
};

describe("gateActions", () => {
  it("asks a human when no autonomy threshold is set", () => {
    const [g] = gateActions(state(0.99, [action("create_task")]), AgentPolicy.parse({}), rules);
    expect(g).toMatchObject({ verdict: "ask", approverRole: "rep" });
  });

  it("auto-executes at or above the autonomy threshold and asks below it", () => {
    const policy = AgentPolicy.parse({ autoExecuteAbove: 0.8 });
    expect(gateActions(state(0.8, [action("create_task")]), policy, rules)[0]?.verdict).toBe("auto");
    expect(gateActions(state(0.79, [action("create_task")]), policy, rules)[0]?.verdict).toBe("ask");
  });

  it("uses a segment's own threshold before the agent's", () => {
    const policy = AgentPolicy.parse({ autoExecuteAbove: 0.5, segments: { "country=DE": { autoExecuteAbove: 0.9 } } });
    expect(gateActions(state(0.7, [action("create_task")], ["country=DE"]), policy, rules)[0]?.verdict).toBe("ask");
    expect(gateActions(state(0.7, [action("create_task")], ["country=FR"]), policy, rules)[0]?.verdict).toBe("auto");
  });

  it("blocks an action kind the agent may not take, whatever the score (e.g. injected by a prompt)", () => {
    const policy = AgentPolicy.parse({ autoExecuteAbove: 0 });
    const gate = gateActions(state(1, [action("route_ticket")]), policy, rules);
    expect(gate[0]).toMatchObject({ verdict: "block" });
  });

  it("lets agent rules demand a manager, and alwaysAsk overrides autonomy", () => {
    const policy = AgentPolicy.parse({ autoExecuteAbove: 0, alwaysAsk: ["create_task"] });
    const gate = gateActions(state(1, [action("offer_discount"), action("create_task")]), policy, rules);
    expect(gate.map((g) => [g.verdict, g.approverRole])).toEqual([
      ["ask", "manager"],
      ["ask", "rep"],
    ]);
    expect(needsHuman({ ...state(1, []), gate } as CommonStateValues)).toBe(true);
  });
});
