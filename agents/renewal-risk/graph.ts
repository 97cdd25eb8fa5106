import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { buildAgentGraph } from "../shared/agent-graph.ts";
import { makePolicyGateNode } from "../shared/nodes/policy-gate.ts";
import type { Stage } from "../shared/stages.ts";
import { loadFailed } from "../shared/state.ts";
import { draftBriefNode } from "./nodes/draft-brief.ts";
import { loadContextNode } from "./nodes/load-context.ts";
import { proposeActionsNode } from "./nodes/propose-actions.ts";
import { retrieveKnowledgeNode } from "./nodes/retrieve-knowledge.ts";
import { noAlert, scoreAccountNode } from "./nodes/score-account.ts";
import { renewalGateRules } from "./policy.ts";
import { PROMPT_VERSION } from "./prompts.ts";
import { RenewalState, type RenewalStateValues } from "./state.ts";

export const GRAPH_VERSION = "renewal-risk/2";

/** What renewal risk does before anything touches the CRM, in order (graph node `assess`). */
export const RENEWAL_STAGES: readonly Stage<RenewalStateValues>[] = [
  // account, usage, tickets and events at asOf, through the CRM tool; a failed load is recorded as is
  { name: "load_context", run: loadContextNode, stopIf: loadFailed },
  // churn probability, alert decision, top factors and facts; accounts not at risk are recorded straight away
  { name: "score_account", run: scoreAccountNode, stopIf: noAlert },
  // playbook passages for the drivers found
  { name: "retrieve_knowledge", run: retrieveKnowledgeNode },
  // the rep's brief (LLM when configured, offline drafter otherwise)
  { name: "draft_brief", run: draftBriefNode },
  // playbook actions by risk, ARR and renewal window
  { name: "propose_actions", run: proposeActionsNode },
  // auto / ask / block per action
  { name: "policy_gate", run: makePolicyGateNode(renewalGateRules) },
];

/**
 * Renewal risk: which accounts will churn, why, and what to do — stopping at a human veto.
 * assess (the stages above) → act (human veto → execute → record), see agents/shared/agent-graph.ts.
 */
export function buildRenewalGraph(checkpointer: BaseCheckpointSaver) {
  return buildAgentGraph(RenewalState, RENEWAL_STAGES, { graphVersion: GRAPH_VERSION, promptVersion: PROMPT_VERSION }, checkpointer);
}
