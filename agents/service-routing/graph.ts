import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import { makePolicyGateNode } from "../shared/nodes/policy-gate.ts";
import { DECISION_TAIL, decisionTail, routeAfterGate } from "../shared/decision-tail.ts";
import { loadFailed } from "../shared/state.ts";
import { timed } from "../shared/timed.ts";
import { chooseQueueNode } from "./nodes/choose-queue.ts";
import { classifyTicketNode } from "./nodes/classify-ticket.ts";
import { detectSentimentNode } from "./nodes/detect-sentiment.ts";
import { loadTicketNode } from "./nodes/load-ticket.ts";
import { pickAssigneeNode } from "./nodes/pick-assignee.ts";
import { proposeActionsNode } from "./nodes/propose-actions.ts";
import { suggestReplyNode } from "./nodes/suggest-reply.ts";
import { routingGateRules } from "./policy.ts";
import { PROMPT_VERSION } from "./prompts.ts";
import { RoutingState, type RoutingStateValues } from "./state.ts";

export const GRAPH_VERSION = "service-routing/3";

/** A failed load is recorded as is. */
export function routeAfterLoad(state: RoutingStateValues): "classify_ticket" | "record_decision" {
  return loadFailed(state) ? "record_decision" : "classify_ticket";
}

/** Service routing: queue, priority, assignee and a reply for a ticket — stopping at a human veto. */
export function buildServiceRoutingGraph(checkpointer: BaseCheckpointSaver) {
  return (
    new StateGraph(RoutingState)
      // the ticket and its customer at asOf, through the CRM tool
      .addNode("load_ticket", timed(loadTicketNode))
      // queue and priority: fitted text model; LLM zero-shot only without history
      .addNode("classify_ticket", timed(classifyTicketNode))
      // anger and urgency cues, multilingual, negation-aware
      .addNode("detect_sentiment", timed(detectSentimentNode))
      // escalation for angry or high-value customers; urgency may raise the priority
      .addNode("choose_queue", timed(chooseQueueNode))
      // skills vs load and SLA; the runner-up explained; unassigned with why
      .addNode("pick_assignee", timed(pickAssigneeNode))
      // a reply in the ticket's language, citing the knowledge base (never sent)
      .addNode("suggest_reply", timed(suggestReplyNode))
      // route_ticket, assign_owner, draft_reply, escalate
      .addNode("propose_actions", timed(proposeActionsNode))
      // auto / ask / block per action
      .addNode("policy_gate", timed(makePolicyGateNode(routingGateRules)))
      // shared tail, in sequence: human_veto (interrupt) → execute_actions (exactly once) → record_decision
      .addSequence(decisionTail({ graphVersion: GRAPH_VERSION, promptVersion: PROMPT_VERSION }))
      .addEdge(START, "load_ticket")
      .addConditionalEdges("load_ticket", routeAfterLoad, ["classify_ticket", "record_decision"])
      .addEdge("classify_ticket", "detect_sentiment")
      .addEdge("detect_sentiment", "choose_queue")
      .addEdge("choose_queue", "pick_assignee")
      .addEdge("pick_assignee", "suggest_reply")
      .addEdge("suggest_reply", "propose_actions")
      .addEdge("propose_actions", "policy_gate")
      .addConditionalEdges("policy_gate", routeAfterGate, [...DECISION_TAIL])
      .addEdge("record_decision", END)
      .compile({ checkpointer })
  );
}
