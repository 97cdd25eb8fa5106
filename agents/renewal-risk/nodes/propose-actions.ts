import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { depsOf } from "../../shared/deps.ts";
import type { AccountFacts } from "../evidence.ts";
import { renewalPlaybook, type RiskLevel } from "../playbook.ts";
import { renewalSettings } from "../policy.ts";
import type { RenewalStateValues } from "../state.ts";

/** Propose playbook actions for the risk level, ARR and renewal window. */
export function proposeActionsNode(state: RenewalStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  return {
    proposedActions: renewalPlaybook({
      subject: state.subject,
      accountName: state.context?.account.name ?? state.subject.id,
      level: (state.details.riskLevel as RiskLevel | undefined) ?? "medium",
      facts: state.details.facts as AccountFacts,
      factors: state.topFactors,
      settings: renewalSettings(deps.policy),
      asOf: state.asOf,
    }),
  };
}
