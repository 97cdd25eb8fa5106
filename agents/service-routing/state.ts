import { Annotation } from "@langchain/langgraph";
import type { TicketContext } from "../../crm/types.ts";
import type { RoutingPrediction } from "../../models/types.ts";
import { CommonState, keepLast } from "../shared/state.ts";
import type { Assignment } from "../../tools/ticket/assign.ts";
import type { Classifier } from "./logic/classify.ts";
import type { EscalationDecision } from "./logic/escalation.ts";
import type { SentimentResult } from "../../tools/ticket/sentiment.ts";

/** Service-routing state: the common channels plus what each step found about the ticket. */
export const RoutingState = Annotation.Root({
  ...CommonState,
  /** The ticket and its customer as of `asOf` (field rules applied). */
  ticketContext: Annotation<TicketContext | null>({ reducer: keepLast, default: () => null }),
  /** Queue (and priority) as the classifier saw them, before escalation or urgency changes. */
  prediction: Annotation<RoutingPrediction | null>({ reducer: keepLast, default: () => null }),
  /** Who classified: the fitted model, the LLM zero-shot, or the configured fallback queue. */
  classifier: Annotation<Classifier | null>({ reducer: keepLast, default: () => null }),
  /** Priority labels the classifier knows; an urgency raise picks only among these. */
  priorityLabels: Annotation<string[]>({ reducer: keepLast, default: () => [] }),
  /** Anger and urgency scores with the cues that fired. */
  sentimentResult: Annotation<SentimentResult | null>({ reducer: keepLast, default: () => null }),
  /** Final queue and priority, escalation and the reasons. */
  routing: Annotation<EscalationDecision | null>({ reducer: keepLast, default: () => null }),
  /** The chosen rep and the runner-up with scores, or unassigned with why. */
  assignment: Annotation<Assignment | null>({ reducer: keepLast, default: () => null }),
});

/** The plain state object, derived from the annotations above. */
export type RoutingStateValues = typeof RoutingState.State;
