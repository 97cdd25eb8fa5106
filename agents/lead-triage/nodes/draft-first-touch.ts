import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Brief } from "../../shared/decision.ts";
import { depsOf } from "../../shared/deps.ts";
import { structuredCall } from "../../shared/llm.ts";
import { mergesIntoExisting } from "../logic/actions.ts";
import { LlmFirstTouch, PROMPT_VERSION, renderLlmFirstTouchPrompt, renderOfflineFirstTouch, type FirstTouchArgs } from "../prompts.ts";
import { leadSettings } from "../policy.ts";
import type { LeadTriageStateValues } from "../state.ts";

/** Why no first touch is drafted, or undefined when one should be. */
export function firstTouchSkip(state: LeadTriageStateValues, grades: string[]): string | undefined {
  if (mergesIntoExisting(state.duplicates)) return "merged into an existing record: not a first touch";
  if (state.consent && !state.consent.email) return `no email: ${state.consent.emailReason ?? "do-not-email"}`;
  if (state.grade && !grades.includes(state.grade.grade)) return `grade ${state.grade.grade} gets no first touch (nurture)`;
  return undefined;
}

/**
 * Draft the first-touch email (never sent: it becomes a `draft_email` action). The LLM
 * writes it when configured (structured output); the offline drafter otherwise or when the
 * LLM fails, and the brief says so.
 */
export async function draftFirstTouchNode(state: LeadTriageStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  const lead = state.context?.lead;
  if (!lead) return {};
  const settings = leadSettings(deps.policy);
  const skip = firstTouchSkip(state, settings.firstTouchGrades);
  if (skip) return { details: { firstTouch: { skipped: skip } } };
  const productField = settings.assignment.productField;
  const product = productField ? lead.attributes?.[productField] : undefined;
  const args: FirstTouchArgs = {
    name: lead.name,
    company: lead.company,
    title: lead.title,
    source: lead.source,
    product: typeof product === "string" ? product : undefined,
    activities: state.context?.activities ?? [],
    senderName: state.assignment?.status === "assigned" ? state.assignment.repName : undefined,
    grade: state.grade?.grade,
    factors: state.topFactors,
  };
  const offline = renderOfflineFirstTouch(args);
  const asBrief = (t: { subject: string; body: string }, drafter: Brief["drafter"], fallbackReason?: string): Brief => ({
    text: `Subject: ${t.subject}\n\n${t.body}`,
    drafter,
    promptVersion: PROMPT_VERSION,
    ...(fallbackReason ? { fallbackReason } : {}),
  });
  if (!deps.llm) return { brief: asBrief(offline, "offline"), details: { firstTouch: offline } };
  const result = await structuredCall(deps.llm, LlmFirstTouch, "first_touch_email", renderLlmFirstTouchPrompt(args), deps.injectFault);
  if (result.ok) return { brief: asBrief(result.value, "llm"), details: { firstTouch: result.value } };
  return {
    brief: asBrief(offline, "offline", result.reason),
    details: { firstTouch: offline },
    errors: [`draft_first_touch fell back to the offline drafter: ${result.reason}`],
  };
}
