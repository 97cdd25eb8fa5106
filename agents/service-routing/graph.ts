import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import { executeActionsNode } from "../shared/nodes/execute-actions.ts";
import { humanVetoNode } from "../shared/nodes/human-veto.ts";
import { makePolicyGateNode, routeAfterGate } from "../shared/nodes/policy-gate.ts";
import { makeRecordDecisionNode } from "../shared/nodes/record-decision.ts";
import { timed } from "../shared/timing.ts";
import { chooseQueueNode } from "./nodes/choose-queue.ts";
import { classifyTicketNode } from "./nodes/classify-ticket.ts";
import { detectSentimentNode } from "./nodes/detect-sentiment.ts";
import { loadTicketNode, routeAfterLoad } from "./nodes/load-ticket.ts";
import { pickAssigneeNode } from "./nodes/pick-assignee.ts";
import { proposeActionsNode } from "./nodes/propose-actions.ts";
import { suggestReplyNode } from "./nodes/suggest-reply.ts";
import { routingGateRules } from "./policy.ts";
import { PROMPT_VERSION } from "./prompts.ts";
import { RoutingState } from "./state.ts";

export const GRAPH_VERSION = "service-routing/1";

/** Service routing: queue, priority, assignee and a reply for a ticket — stopping at a human veto. */
export function buildServiceRoutingGraph(checkpointer: BaseCheckpointSaver) {
  return (
    new StateGraph(RoutingState)
      // the ticket and its customer at asOf, through the CRM tool
      .addNode("load_ticket", timed("load_ticket", loadTicketNode))
      // queue and priority: fitted text model; LLM zero-shot only without history
      .addNode("classify_ticket", timed("classify_ticket", classifyTicketNode))
      // anger and urgency cues, multilingual, negation-aware
      .addNode("detect_sentiment", timed("detect_sentiment", detectSentimentNode))
      // escalation for angry or high-value customers; urgency may raise the priority
      .addNode("choose_queue", timed("choose_queue", chooseQueueNode))
      // skills vs load and SLA; the runner-up explained; unassigned with why
      .addNode("pick_assignee", timed("pick_assignee", pickAssigneeNode))
      // a reply in the ticket's language, citing the knowledge base (never sent)
      .addNode("suggest_reply", timed("suggest_reply", suggestReplyNode))
      // route_ticket, assign_owner, draft_reply, escalate
      .addNode("propose_actions", timed("propose_actions", proposeActionsNode))
      // auto / ask / block per action
      .addNode("policy_gate", timed("policy_gate", makePolicyGateNode(routingGateRules)))
      // interrupt(): a person approves, rejects, edits or overrides
      .addNode("human_veto", timed("human_veto", humanVetoNode))
      // apply cleared actions exactly once (idempotency keys)
      .addNode("execute_actions", timed("execute_actions", executeActionsNode))
      // write the one decision record
      .addNode("record_decision", makeRecordDecisionNode({ graphVersion: GRAPH_VERSION, promptVersion: PROMPT_VERSION }))
      .addEdge(START, "load_ticket")
      .addConditionalEdges("load_ticket", routeAfterLoad, ["classify_ticket", "record_decision"])
      .addEdge("classify_ticket", "detect_sentiment")
      .addEdge("detect_sentiment", "choose_queue")
      .addEdge("choose_queue", "pick_assignee")
      .addEdge("pick_assignee", "suggest_reply")
      .addEdge("suggest_reply", "propose_actions")
      .addEdge("propose_actions", "policy_gate")
      .addConditionalEdges("policy_gate", routeAfterGate, ["human_veto", "execute_actions"])
      .addEdge("human_veto", "execute_actions")
      .addEdge("execute_actions", "record_decision")
      .addEdge("record_decision", END)
      .compile({ checkpointer })
  );
}
