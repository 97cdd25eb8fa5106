import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Evidence } from "../../shared/decision.ts";
import { detectSentiment } from "../../../tools/ticket/sentiment.ts";
import type { RoutingStateValues } from "../state.ts";

/** Anger/frustration and urgency cues in the ticket text (multilingual, negation-aware). */
export function detectSentimentNode(state: RoutingStateValues, _config: LangGraphRunnableConfig) {
  const ticket = state.ticketContext?.ticket;
  const s = detectSentiment({ subject: ticket?.subject, body: ticket?.body });
  const evidence: Evidence[] = s.cues.map((c) => ({
    source: "sentiment",
    text: `${c.kind} cue "${c.match}"${c.language ? ` (${c.language})` : ""}, strength ${c.weight}`,
    refs: [c.id],
  }));
  if (s.truncated) evidence.push({ source: "sentiment", text: "very long ticket: only its beginning was scanned for cues" });
  return {
    sentimentResult: s,
    evidence,
    details: { sentiment: { anger: s.anger, urgency: s.urgency, cues: s.cues.map((c) => c.id), negated: s.negated } },
  };
}
