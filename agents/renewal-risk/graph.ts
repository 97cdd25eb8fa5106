import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import { makePolicyGateNode } from "../shared/nodes/policy-gate.ts";
import { DECISION_TAIL, decisionTail, routeAfterGate } from "../shared/decision-tail.ts";
import { loadFailed } from "../shared/state.ts";
import { timed } from "../shared/timed.ts";
import { draftBriefNode } from "./nodes/draft-brief.ts";
import { loadContextNode } from "./nodes/load-context.ts";
import { proposeActionsNode } from "./nodes/propose-actions.ts";
import { retrieveKnowledgeNode } from "./nodes/retrieve-knowledge.ts";
import { scoreAccountNode } from "./nodes/score-account.ts";
import { renewalGateRules } from "./policy.ts";
import { PROMPT_VERSION } from "./prompts.ts";
import { RenewalState, type RenewalStateValues } from "./state.ts";

export const GRAPH_VERSION = "renewal-risk/3";

/** A failed load is recorded as is. */
export function routeAfterLoad(state: RenewalStateValues): "score_account" | "record_decision" {
  return loadFailed(state) ? "record_decision" : "score_account";
}

/** Only at-risk accounts get a brief and actions; the rest are recorded straight away. */
export function routeAfterScore(state: RenewalStateValues): "retrieve_knowledge" | "record_decision" {
  return state.decision === "alert" ? "retrieve_knowledge" : "record_decision";
}

/** Renewal risk: which accounts will churn, why, and what to do — stopping at a human veto. */
export function buildRenewalGraph(checkpointer: BaseCheckpointSaver) {
  return (
    new StateGraph(RenewalState)
      // account, usage, tickets and events at asOf, through the CRM tool
      .addNode("load_context", timed(loadContextNode))
      // churn probability, alert decision, top factors and facts
      .addNode("score_account", timed(scoreAccountNode))
      // playbook passages for the drivers found
      .addNode("retrieve_knowledge", timed(retrieveKnowledgeNode))
      // the rep's brief (LLM when configured, offline drafter otherwise)
      .addNode("draft_brief", timed(draftBriefNode))
      // playbook actions by risk, ARR and renewal window
      .addNode("propose_actions", timed(proposeActionsNode))
      // auto / ask / block per action
      .addNode("policy_gate", timed(makePolicyGateNode(renewalGateRules)))
      // shared tail, in sequence: human_veto (interrupt) → execute_actions (exactly once) → record_decision
      .addSequence(decisionTail({ graphVersion: GRAPH_VERSION, promptVersion: PROMPT_VERSION }))
      .addEdge(START, "load_context")
      .addConditionalEdges("load_context", routeAfterLoad, ["score_account", "record_decision"])
      .addConditionalEdges("score_account", routeAfterScore, ["retrieve_knowledge", "record_decision"])
      .addEdge("retrieve_knowledge", "draft_brief")
      .addEdge("draft_brief", "propose_actions")
      .addEdge("propose_actions", "policy_gate")
      .addConditionalEdges("policy_gate", routeAfterGate, [...DECISION_TAIL])
      .addEdge("record_decision", END)
      .compile({ checkpointer })
  );
}
