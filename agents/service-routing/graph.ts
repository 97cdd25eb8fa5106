import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { buildAgentGraph } from "../shared/agent-graph.ts";
import { makePolicyGateNode } from "../shared/nodes/policy-gate.ts";
import type { Stage } from "../shared/stages.ts";
import { loadFailed } from "../shared/state.ts";
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

export const GRAPH_VERSION = "service-routing/2";

/** What service routing does before anything touches the CRM, in order (graph node `assess`). */
export const SERVICE_ROUTING_STAGES: readonly Stage<RoutingStateValues>[] = [
  // the ticket and its customer at asOf, through the CRM tool; a failed load is recorded as is
  { name: "load_ticket", run: loadTicketNode, stopIf: loadFailed },
  // queue and priority: fitted text model; LLM zero-shot only without history
  { name: "classify_ticket", run: classifyTicketNode },
  // anger and urgency cues, multilingual, negation-aware
  { name: "detect_sentiment", run: detectSentimentNode },
  // escalation for angry or high-value customers; urgency may raise the priority
  { name: "choose_queue", run: chooseQueueNode },
  // skills vs load and SLA; the runner-up explained; unassigned with why
  { name: "pick_assignee", run: pickAssigneeNode },
  // a reply in the ticket's language, citing the knowledge base (never sent)
  { name: "suggest_reply", run: suggestReplyNode },
  // route_ticket, assign_owner, draft_reply, escalate
  { name: "propose_actions", run: proposeActionsNode },
  // auto / ask / block per action
  { name: "policy_gate", run: makePolicyGateNode(routingGateRules) },
];

/**
 * Service routing: queue, priority, assignee and a reply for a ticket — stopping at a human veto.
 * assess (the stages above) → act (human veto → execute → record), see agents/shared/agent-graph.ts.
 */
export function buildServiceRoutingGraph(checkpointer: BaseCheckpointSaver) {
  return buildAgentGraph(RoutingState, SERVICE_ROUTING_STAGES, { graphVersion: GRAPH_VERSION, promptVersion: PROMPT_VERSION }, checkpointer);
}
