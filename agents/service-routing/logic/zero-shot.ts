import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { z } from "zod";
import type { Ticket } from "../../../cases/schema.ts";
import type { RoutingPrediction } from "../../../models/types.ts";
import { structuredCall } from "../../shared/llm.ts";
import type { RoutingSettings } from "../policy.ts";
import { renderClassifyPrompt } from "../prompts.ts";

/**
 * Zero-shot classification by the LLM, used only when there is no fitted history (no
 * model) and an LLM is configured. Structured output, validated; a malformed or failed
 * reply comes back as a reason so the caller falls back and records why.
 */

/** Priorities the LLM picks from; the fitted model's labels are unknown without history. */
export const ZERO_SHOT_PRIORITIES = ["low", "medium", "high"] as const;

export const ZeroShotRouting = z.object({
  queue: z.string().min(1).max(100).describe("The support team that should handle the ticket, from the allowed list when one is given."),
  priority: z.enum(ZERO_SHOT_PRIORITIES).describe("How soon the ticket needs a person: low, medium or high."),
  confidence: z.number().min(0).max(1).describe("Your confidence in the queue, between 0 and 1."),
  rationale: z.string().max(500).describe("One sentence in English: why this queue and priority."),
});
export type ZeroShotRouting = z.infer<typeof ZeroShotRouting>;

export type ZeroShotResult = { ok: true; prediction: RoutingPrediction; rationale: string } | { ok: false; reason: string };

/** Ask the LLM for queue and priority; only queues from `settings.zeroShotQueues` when set. */
export async function classifyZeroShot(
  llm: BaseChatModel,
  ticket: Pick<Ticket, "subject" | "body" | "language">,
  settings: Pick<RoutingSettings, "zeroShotQueues">,
  injectFault?: (site: "llm") => void,
): Promise<ZeroShotResult> {
  const allowed = settings.zeroShotQueues;
  const messages = renderClassifyPrompt(ticket, allowed, ZERO_SHOT_PRIORITIES);
  const result = await structuredCall(llm, ZeroShotRouting, "route_ticket_zero_shot", messages, injectFault);
  if (!result.ok) return result;
  const v = result.value;
  let queue = v.queue.trim();
  if (allowed.length > 0) {
    // A queue outside the allowed list would route to a team that does not exist.
    const match = allowed.find((q) => q.toLowerCase() === queue.toLowerCase());
    if (!match) return { ok: false, reason: `malformed model reply: queue "${queue.slice(0, 100)}" is not one of the allowed queues` };
    queue = match;
  }
  const prediction: RoutingPrediction = {
    queue: { label: queue, probability: v.confidence, alternatives: [], topFactors: [] },
    priority: { label: v.priority, probability: v.confidence, alternatives: [], topFactors: [] },
  };
  return { ok: true, prediction, rationale: v.rationale };
}
