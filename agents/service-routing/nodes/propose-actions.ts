import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError } from "../../../core/errors.ts";
import { routingActions } from "../logic/actions.ts";
import type { RoutingStateValues } from "../state.ts";

/** Route, assign, draft reply, and escalate when the customer or the roster calls for it. */
export function proposeActionsNode(state: RoutingStateValues, _config: LangGraphRunnableConfig) {
  if (!state.routing) throw new AppError("INTERNAL", "propose_actions ran before routing");
  const lang = state.details.replyLanguage;
  return {
    proposedActions: routingActions({
      subject: state.subject,
      routing: state.routing,
      assignment: state.assignment,
      brief: state.brief,
      replyLanguage: typeof lang === "string" ? lang : undefined,
    }),
  };
}
