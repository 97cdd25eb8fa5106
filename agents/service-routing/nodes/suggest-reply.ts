import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError, errorMessage } from "../../../core/errors.ts";
import type { Brief, Citation, Evidence } from "../../shared/decision.ts";
import { depsOf } from "../../shared/deps.ts";
import { structuredCall } from "../../shared/llm.ts";
import { routingSettings } from "../policy.ts";
import { LlmReply, PROMPT_VERSION, renderReply, renderReplyPrompt, type ReplyArgs } from "../prompts.ts";
import type { RoutingStateValues } from "../state.ts";

/** Longest knowledge query: the subject and the head of the body say what the ticket is about. */
const MAX_QUERY = 300;

/**
 * Suggest a reply (never sent by the agent): knowledge-base passages cited when a search
 * is available; the LLM drafts when configured, the deterministic template otherwise or
 * when the LLM fails — and the brief says so.
 */
export async function suggestReplyNode(state: RoutingStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  const ticket = state.ticketContext?.ticket;
  const routing = state.routing;
  if (!ticket || !routing) throw new AppError("INTERNAL", "suggest_reply ran before routing");
  const settings = routingSettings(deps.policy);
  const errors: string[] = [];
  let citations: Citation[] = [];
  if (deps.searchKnowledge && settings.citeTopK > 0) {
    const query = `${routing.queue} ${ticket.subject ?? ""} ${ticket.body ?? ""}`.replace(/\s+/g, " ").slice(0, MAX_QUERY);
    try {
      citations = (await deps.searchKnowledge(query, settings.citeTopK)).slice(0, settings.citeTopK);
    } catch (err) {
      errors.push(`suggest_reply: knowledge search failed: ${errorMessage(err)}`);
    }
  }
  const args: ReplyArgs = { ticket, queue: routing.queue, priority: routing.priority, escalated: routing.escalate, citations };
  const offline = renderReply(args);
  const evidence: Evidence[] = offline.note ? [{ source: "reply", text: offline.note }] : [];
  const details = { replyLanguage: offline.language, replyNote: offline.note ?? null };
  if (!deps.llm) {
    const brief: Brief = { text: offline.text, drafter: "offline", promptVersion: PROMPT_VERSION };
    return { brief, citations, errors, evidence, details };
  }
  const result = await structuredCall(deps.llm, LlmReply, "draft_ticket_reply", renderReplyPrompt(args), deps.injectFault);
  if (result.ok) {
    const cited = result.value.citedSources.map((i) => citations[i - 1]).filter((c): c is Citation => c !== undefined);
    const brief: Brief = { text: result.value.reply, drafter: "llm", promptVersion: PROMPT_VERSION };
    return { brief, citations: cited, errors, evidence, details };
  }
  const brief: Brief = { text: offline.text, drafter: "offline", promptVersion: PROMPT_VERSION, fallbackReason: result.reason };
  return { brief, citations, errors: [...errors, `suggest_reply fell back to the offline drafter: ${result.reason}`], evidence, details };
}
