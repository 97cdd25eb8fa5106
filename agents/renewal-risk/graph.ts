import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import { executeActionsNode } from "../shared/nodes/execute-actions.ts";
import { humanVetoNode } from "../shared/nodes/human-veto.ts";
import { makePolicyGateNode, routeAfterGate } from "../shared/nodes/policy-gate.ts";
import { makeRecordDecisionNode } from "../shared/nodes/record-decision.ts";
import { timed } from "../shared/timing.ts";
import { draftBriefNode } from "./nodes/draft-brief.ts";
import { loadContextNode } from "./nodes/load-context.ts";
import { proposeActionsNode } from "./nodes/propose-actions.ts";
import { retrieveKnowledgeNode } from "./nodes/retrieve-knowledge.ts";
import { routeAfterLoad, routeAfterScore, scoreAccountNode } from "./nodes/score-account.ts";
import { renewalGateRules } from "./policy.ts";
import { PROMPT_VERSION } from "./prompts.ts";
import { RenewalState } from "./state.ts";

export const GRAPH_VERSION = "renewal-risk/1";

/** Renewal risk: which accounts will churn, why, and what to do — stopping at a human veto. */
export function buildRenewalGraph(checkpointer: BaseCheckpointSaver) {
  return (
    new StateGraph(RenewalState)
      // account, usage, tickets and events at asOf, through the CRM tool
      .addNode("load_context", timed("load_context", loadContextNode))
      // churn probability, alert decision, top factors and facts
      .addNode("score_account", timed("score_account", scoreAccountNode))
      // playbook passages for the drivers found
      .addNode("retrieve_knowledge", timed("retrieve_knowledge", retrieveKnowledgeNode))
      // the rep's brief (LLM when configured, offline drafter otherwise)
      .addNode("draft_brief", timed("draft_brief", draftBriefNode))
      // playbook actions by risk, ARR and renewal window
      .addNode("propose_actions", timed("propose_actions", proposeActionsNode))
      // auto / ask / block per action
      .addNode("policy_gate", timed("policy_gate", makePolicyGateNode(renewalGateRules)))
      // interrupt(): a person approves, rejects, edits or overrides
      .addNode("human_veto", timed("human_veto", humanVetoNode))
      // apply cleared actions exactly once (idempotency keys)
      .addNode("execute_actions", timed("execute_actions", executeActionsNode))
      // write the one decision record
      .addNode("record_decision", makeRecordDecisionNode({ graphVersion: GRAPH_VERSION, promptVersion: PROMPT_VERSION }))
      .addEdge(START, "load_context")
      .addConditionalEdges("load_context", routeAfterLoad, ["score_account", "record_decision"])
      .addConditionalEdges("score_account", routeAfterScore, ["retrieve_knowledge", "record_decision"])
      .addEdge("retrieve_knowledge", "draft_brief")
      .addEdge("draft_brief", "propose_actions")
      .addEdge("propose_actions", "policy_gate")
      .addConditionalEdges("policy_gate", routeAfterGate, ["human_veto", "execute_actions"])
      .addEdge("human_veto", "execute_actions")
      .addEdge("execute_actions", "record_decision")
      .addEdge("record_decision", END)
      .compile({ checkpointer })
  );
}
