import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError } from "../../../core/errors.ts";
import { depsOf } from "../../shared/deps.ts";
import { decideEscalation } from "../logic/escalation.ts";
import { routingSettings } from "../policy.ts";
import type { RoutingStateValues } from "../state.ts";

/** Final queue and priority: escalation for angry or high-value customers, urgency raises. */
export function chooseQueueNode(state: RoutingStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  if (!state.prediction || !state.sentimentResult) throw new AppError("INTERNAL", "choose_queue ran before classification");
  const routing = decideEscalation(
    {
      queue: state.prediction.queue.label,
      priority: state.prediction.priority?.label,
      priorityConfidence: state.prediction.priority?.probability,
      priorityLabels: state.priorityLabels,
      sentiment: state.sentimentResult,
      customer: state.ticketContext?.customer,
    },
    routingSettings(deps.policy),
  );
  return {
    routing,
    evidence: routing.evidence,
    details: {
      queue: routing.queue,
      priority: routing.priority ?? null,
      escalated: routing.escalate,
      escalation: routing.reasons,
      priorityRaised: routing.priorityRaised,
    },
  };
}
