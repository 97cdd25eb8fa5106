import { z } from "zod";
import type { ActionKind, ProposedAction } from "../../crm/types.ts";
import type { AgentGateRules } from "../shared/nodes/policy-gate.ts";
import { parseAgentSettings, settingsOnce, type AgentPolicy } from "../shared/policy-config.ts";
import type { CommonStateValues } from "../shared/state.ts";

/** What renewal risk may ever do; anything else (e.g. proposed by an LLM) is blocked. */
export const RENEWAL_ACTIONS: readonly ActionKind[] = ["create_task", "schedule_meeting", "draft_email", "offer_discount", "escalate"];

/**
 * Playbook knobs, read from the agent policy's `settings` (configurable per tenant or by
 * a `--policy` file, no code change). Defaults are deliberately conservative.
 */
export const RenewalSettings = z.object({
  /** Probability at or above which risk is "high" (default: halfway between threshold and 1). */
  highRiskAbove: z.number().min(0).max(1).optional(),
  /** ARR at or above which an account is strategic: exec sponsor outreach, manager approval. */
  strategicArr: z.number().min(0).default(50_000),
  /** Renewal within this many days is urgent: QBR now, save offer possible. */
  urgentDays: z.number().int().min(0).default(60),
  /** Save-offer discount proposed, and the most a rep may approve without a manager. */
  saveOfferPct: z.number().min(0).max(100).default(10),
  /** Days until the CSM task is due (shorter when urgent). */
  taskDueDays: z.number().int().min(1).default(5),
});
export type RenewalSettings = z.infer<typeof RenewalSettings>;

/** The renewal playbook settings of a policy, defaults filled in (parsed once per policy object). */
export const renewalSettings = settingsOnce((settings): RenewalSettings => parseAgentSettings("renewal-risk", RenewalSettings, settings));

/** Gate rules: discounts always need a manager; exec outreach on strategic accounts too. */
export const renewalGateRules: AgentGateRules = {
  allowedKinds: RENEWAL_ACTIONS,
  rule(action: ProposedAction, _state: CommonStateValues, _policy: AgentPolicy) {
    if (action.kind === "offer_discount") {
      return { actionId: action.id, verdict: "ask", reason: "a save offer changes price: a CS manager decides", approverRole: "manager" };
    }
    if (action.kind === "draft_email" && action.params.strategic === true) {
      return { actionId: action.id, verdict: "ask", reason: "exec outreach on a strategic account: a CS manager decides", approverRole: "manager" };
    }
    return undefined;
  },
  segmentsOf(state: CommonStateValues) {
    const seg = state.details.segments;
    return Array.isArray(seg) ? seg.filter((s): s is string => typeof s === "string") : [];
  },
};
