import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Customer, Ticket } from "../../../cases/schema.ts";
import { AppError } from "../../../core/errors.ts";
import type { ModelFile, RoutingModelFile, RoutingPrediction } from "../../../models/types.ts";
import type { RoutingSettings } from "../policy.ts";
import { classifyZeroShot, ZERO_SHOT_PRIORITIES } from "./zero-shot.ts";

/**
 * Queue and priority for a ticket: the fitted model decides whenever there is one (offline,
 * reproducible); with no history, the LLM classifies zero-shot when configured; with
 * neither (or a failed LLM), the configured fallback queue, and the decision says why.
 */

export type Classifier = "model" | "llm" | "fallback";

export type RoutingPredictor = (model: RoutingModelFile, ticket: Ticket, customer: Customer | undefined) => RoutingPrediction;

export interface ClassifyInput {
  model: ModelFile | undefined;
  predict: RoutingPredictor;
  llm?: BaseChatModel | undefined;
  ticket: Ticket;
  customer?: Customer | undefined;
  settings: Pick<RoutingSettings, "zeroShotQueues" | "fallbackQueue">;
  injectFault?: ((site: "llm") => void) | undefined;
}

export interface Classification {
  prediction: RoutingPrediction;
  classifier: Classifier;
  /** Priority labels the classifier knows (empty when it predicts none). */
  priorityLabels: string[];
  /** Why it is not the model: readable, for the evidence. */
  note?: string | undefined;
  /** Recovered failures (an LLM fallback). */
  errors: string[];
}

function fallback(queue: string, note: string, errors: string[] = []): Classification {
  return { prediction: { queue: { label: queue, probability: 0, alternatives: [], topFactors: [] } }, classifier: "fallback", priorityLabels: [], note, errors };
}

/** Classify one ticket; throws MODEL_MISMATCH when given a model of another kind. */
export async function classifyTicket(input: ClassifyInput): Promise<Classification> {
  const { model } = input;
  if (model) {
    if (model.kind !== "routing") throw new AppError("MODEL_MISMATCH", `service routing needs a routing model, got "${model.kind}" (${model.id})`);
    return { prediction: input.predict(model, input.ticket, input.customer), classifier: "model", priorityLabels: [...model.priorities], errors: [] };
  }
  if (!input.llm) return fallback(input.settings.fallbackQueue, "no fitted model and no LLM configured: fallback queue");
  const r = await classifyZeroShot(input.llm, input.ticket, input.settings, input.injectFault);
  if (r.ok) {
    return { prediction: r.prediction, classifier: "llm", priorityLabels: [...ZERO_SHOT_PRIORITIES], note: `LLM zero-shot (no fitted model): ${r.rationale}`, errors: [] };
  }
  return fallback(input.settings.fallbackQueue, `LLM zero-shot failed, fallback queue: ${r.reason}`, [`classify_ticket fell back: ${r.reason}`]);
}
