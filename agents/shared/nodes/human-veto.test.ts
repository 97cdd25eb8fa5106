import { describe, expect, it } from "vitest";
import type { ProposedAction } from "../../../crm/types.ts";
import { mayDecide, type HumanAnswer } from "../approval.ts";
import type { CommonStateValues } from "../state.ts";
import { applyAnswer, applyEdits, approvalRequest } from "./human-veto.ts";

const actions: ProposedAction[] = [
  { id: "create_task:1", kind: "create_task", target: { type: "account", id: "A" }, params: { title: "Call" }, summary: "task" },
  { id: "offer_discount:1", kind: "offer_discount", target: { type: "account", id: "A" }, params: { discountPct: 10 }, summary: "discount" },
  { id: "call:1", kind: "call", target: { type: "account", id: "A" }, params: {}, summary: "call" },
];
const base = {
  decision: "alert",
  score: 0.9,
  proposedActions: actions,
  gate: [
    { actionId: "create_task:1", verdict: "auto", reason: "r" },
    { actionId: "offer_discount:1", verdict: "ask", reason: "price", approverRole: "manager" },
    { actionId: "call:1", verdict: "block", reason: "not allowed" },
  ],
  brief: null,
  topFactors: [],
  evidence: [],
} as unknown as CommonStateValues;
const answer = (a: Partial<HumanAnswer>): HumanAnswer => ({ answer: "approve", by: "m1", role: "manager", reasonCode: "agree", at: "2026-01-01", ...a });

describe("human veto", () => {
  it("asks the highest role any action needs", () => {
    expect(approvalRequest(base, "run-1")).toMatchObject({ requiredRole: "manager", reason: "price" });
  });

  it("approve clears every unblocked action and records who and why", () => {
    const u = applyAnswer(base, answer({ reasonText: "fine" }));
    expect(u.cleared).toEqual(["create_task:1", "offer_discount:1"]);
    expect(u.approvals?.[0]).toMatchObject({ by: "m1", answer: "approve", reasonText: "fine" });
  });

  it("reject clears nothing and ends the run as rejected", () => {
    expect(applyAnswer(base, answer({ answer: "reject", reasonCode: "wrong_action" }))).toMatchObject({ cleared: [], status: "rejected" });
  });

  it("edit changes only existing parameters of named actions", () => {
    const u = applyAnswer(base, answer({ answer: "edit", edits: { "offer_discount:1": { discountPct: 5 } } }));
    expect(u.proposedActions?.[1]?.params.discountPct).toBe(5);
    expect(() => applyEdits(actions, { "offer_discount:1": { kind: "refund" } })).toThrow(/no parameter "kind"/);
    expect(() => applyEdits(actions, { "refund:1": { amount: 1 } })).toThrow(/unknown action/);
  });

  it("override replaces the decision and executes nothing", () => {
    const u = applyAnswer(base, answer({ answer: "override", reasonCode: "already_handled", override: { decision: "no_alert", score: 0.1 } }));
    expect(u).toMatchObject({ decision: "no_alert", score: 0.1, status: "overridden", cleared: [] });
  });

  it("a rep cannot decide what needs a manager; analysts decide nothing", () => {
    expect(mayDecide("rep", "manager")).toBe(false);
    expect(mayDecide("manager", "manager")).toBe(true);
    expect(mayDecide("rep", "rep")).toBe(true);
    expect(mayDecide("analyst", "rep")).toBe(false);
  });
});
