import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { detectSentiment, type SentimentResult } from "./sentiment.ts";

export const DetectTicketSentimentInput = z.object({
  subject: z.string().max(100_000).optional().describe("The ticket's subject line, in any language; omit when there is none."),
  body: z.string().max(1_000_000).optional().describe("The ticket's body text, in any language; very long text is read up to a bound."),
});

/**
 * `detect_ticket_sentiment`: anger/frustration and urgency scores (0..1) with the cues
 * that fired. Deterministic and offline; the logic is `detectSentiment`.
 */
export function detectTicketSentimentTool() {
  return tool(async (input): Promise<SentimentResult> => detectSentiment(input), {
    name: "detect_ticket_sentiment",
    description:
      "Measure how angry and how urgent a support ticket is, in English or German (other languages give no lexicon cues), " +
      "and list the cues that fired (\"third time\", \"kündigen\", \"!!!\"). Use it before deciding escalation or priority; " +
      "quote its cues as the reason. Negated phrases (\"not urgent\") do not count.",
    schema: DetectTicketSentimentInput,
  });
}
