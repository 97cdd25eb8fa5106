import { describe, expect, it } from "vitest";
import type { ProposedAction } from "../../crm/types.ts";
import { gateActions } from "../shared/nodes/policy-gate.ts";
import { AgentPolicy } from "../shared/policy-config.ts";
import type { CommonStateValues } from "../shared/state.ts";
import { readConsent } from "./logic/consent.ts";
import { leadGateRules } from "./policy.ts";

const subject = { type: "lead" as const, id: "L-1" };
const action = (kind: ProposedAction["kind"], n = 1): ProposedAction => ({ id: `${kind}:${n}`, kind, target: subject, params: {}, summary: kind });

function state(actions: ProposedAction[], details: Record<string, unknown>): CommonStateValues {
  return {
    subject, asOf: "2026-01-01", score: 0.9, decision: "prioritise", details, topFactors: [], evidence: [], citations: [], brief: null,
    proposedActions: actions, gate: [], approvals: [], cleared: [], executed: [], timings: {}, errors: [], status: "running",
  };
}

describe("lead-triage policy gate", () => {
  const policy = AgentPolicy.parse({ autoExecuteAbove: 0.5 });

  it("blocks an email action injected for a do-not-email lead, whatever the score", () => {
    // Given a do-not-email lead and an email action that appeared anyway (e.g. from an LLM)
    const s = state([action("draft_email"), action("assign_owner")], { consent: readConsent({ "Do Not Email": "Yes" }) });
    // When the gate runs
    const gate = gateActions(s, policy, leadGateRules);
    // Then the email is blocked with the consent reason, the assignment goes ahead
    expect(gate[0]).toEqual({ actionId: "draft_email:1", verdict: "block", reason: "consent: lead opted out of email (Do Not Email = Yes)" });
    expect(gate[1]?.verdict).toBe("auto");
  });

  it("blocks a call for a do-not-call lead and any contact when consent was never read", () => {
    const noCall = gateActions(state([action("call")], { consent: readConsent({ "Do Not Call": true }) }), policy, leadGateRules);
    expect(noCall[0]?.verdict).toBe("block");
    const unknown = gateActions(state([action("draft_email"), action("call")], {}), policy, leadGateRules);
    expect(unknown.map((g) => g.verdict)).toEqual(["block", "block"]);
  });

  it("uses the configured consent field names", () => {
    const custom = AgentPolicy.parse({ autoExecuteAbove: 0.5, settings: { consent: { doNotEmailFields: ["Email Opt Out"] } } });
    const consent = readConsent({ "Email Opt Out": "yes" }, { ...readConsentDefaults(), doNotEmailFields: ["Email Opt Out"] });
    expect(gateActions(state([action("draft_email")], { consent }), custom, leadGateRules)[0]?.verdict).toBe("block");
  });

  it("asks a person before a merge and a manager for an escalation; blocks kinds lead triage never takes", () => {
    const gate = gateActions(state([action("merge_record"), action("escalate"), action("offer_discount")], { consent: readConsent({}) }), policy, leadGateRules);
    expect(gate.map((g) => [g.verdict, g.approverRole])).toEqual([["ask", "rep"], ["ask", "manager"], ["block", undefined]]);
  });
});

function readConsentDefaults() {
  return { doNotEmailFields: [], doNotCallFields: [], truthyValues: ["yes"], emailActions: ["draft_email" as const], callActions: ["call" as const] };
}
