import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError } from "../../../core/errors.ts";
import { predictRouting } from "../../../models/index.ts";
import type { Evidence } from "../../shared/decision.ts";
import { depsOf } from "../../shared/deps.ts";
import { classifyTicket } from "../logic/classify.ts";
import { routingSettings } from "../policy.ts";
import { CLASSIFY_PROMPT_VERSION } from "../prompts.ts";
import type { RoutingStateValues } from "../state.ts";

/** Queue and priority from the fitted text model (LLM zero-shot only without history). */
export async function classifyTicketNode(state: RoutingStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  const ctx = state.ticketContext;
  if (!ctx) throw new AppError("INTERNAL", "classify_ticket ran without a ticket");
  const settings = routingSettings(deps.policy);
  const c = await classifyTicket({
    model: deps.model,
    predict: predictRouting,
    llm: deps.llm,
    ticket: ctx.ticket,
    customer: ctx.customer,
    settings,
    injectFault: deps.injectFault,
  });
  const q = c.prediction.queue;
  const emptyText = !ctx.ticket.subject?.trim() && !ctx.ticket.body?.trim();
  const evidence: Evidence[] = q.topFactors.map((f) => ({ source: "text", text: f.feature, weight: f.contribution }));
  if (c.note) evidence.push({ source: "classifier", text: c.note });
  if (emptyText) evidence.push({ source: "text", text: "the ticket has no subject or body: the queue rests on context alone" });
  return {
    prediction: c.prediction,
    classifier: c.classifier,
    priorityLabels: c.priorityLabels,
    score: c.classifier === "fallback" ? null : q.probability,
    decision: q.label,
    topFactors: q.topFactors,
    evidence,
    errors: c.errors,
    details: {
      classifier: c.classifier,
      // Which zero-shot prompt classified it, when the LLM did (the reply's prompt version is on the brief).
      ...(c.classifier === "llm" ? { classifyPromptVersion: CLASSIFY_PROMPT_VERSION } : {}),
      classifiedQueue: q.label,
      modelPriority: c.prediction.priority?.label ?? null,
      alternatives: q.alternatives.slice(0, 3),
      emptyText,
    },
  };
}
