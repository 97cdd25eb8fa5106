import type { ActionKind, ProposedAction } from "../../crm/types.ts";
import type { GateOutcome } from "../shared/decision.ts";
import type { AgentGateRules } from "../shared/nodes/policy-gate.ts";
import { settingsOnce, type AgentPolicy } from "../shared/policy-config.ts";
import type { CommonStateValues } from "../shared/state.ts";
import { consentBlocks, type Consent } from "./logic/consent.ts";
import { parseLeadTriageSettings, type LeadTriageSettings } from "./logic/settings.ts";

/** What lead triage may ever do; anything else (e.g. proposed by an LLM) is blocked. */
export const LEAD_ACTIONS: readonly ActionKind[] = [
  "assign_owner", "merge_record", "link_record", "draft_email", "call", "escalate", "create_task",
];

/** The lead-triage settings of a policy (grades, consent fields, assignment rules, dedupe), parsed once per policy object. */
export const leadSettings = settingsOnce((settings): LeadTriageSettings => parseLeadTriageSettings(settings));

/** Consent as recorded in details by the normalize step; undefined when it was never read. */
function consentOf(state: CommonStateValues): Consent | undefined {
  const c = state.details.consent;
  if (c === null || typeof c !== "object") return undefined;
  const r = c as Record<string, unknown>;
  if (typeof r.email !== "boolean" || typeof r.call !== "boolean") return undefined;
  return {
    email: r.email,
    call: r.call,
    emailReason: typeof r.emailReason === "string" ? r.emailReason : undefined,
    callReason: typeof r.callReason === "string" ? r.callReason : undefined,
  };
}

/**
 * Lead-specific verdicts. Consent is enforced here as well as when proposing, so an email or
 * call action that appears anyway (an LLM, an edit) is blocked; if consent was never read,
 * contact actions are blocked too (fail closed). Merges rewrite records: a person decides.
 */
export function leadRule(action: ProposedAction, state: CommonStateValues, policy: AgentPolicy): GateOutcome | undefined {
  const s = leadSettings(policy).consent;
  const contact = s.emailActions.includes(action.kind) || s.callActions.includes(action.kind);
  if (contact) {
    const consent = consentOf(state);
    if (!consent) return { actionId: action.id, verdict: "block", reason: "consent was not checked: no email or call without it" };
    const why = consentBlocks(action.kind, consent, s);
    if (why) return { actionId: action.id, verdict: "block", reason: `consent: ${why}` };
  }
  if (action.kind === "merge_record") {
    return { actionId: action.id, verdict: "ask", reason: "a merge rewrites an existing record: a person confirms it", approverRole: "rep" };
  }
  if (action.kind === "escalate") {
    return { actionId: action.id, verdict: "ask", reason: "no rep fits this lead: a sales manager assigns it", approverRole: "manager" };
  }
  return undefined;
}

export const leadGateRules: AgentGateRules = {
  allowedKinds: LEAD_ACTIONS,
  rule: leadRule,
  segmentsOf(state: CommonStateValues) {
    const seg = state.details.segments;
    return Array.isArray(seg) ? seg.filter((x): x is string => typeof x === "string") : [];
  },
};
