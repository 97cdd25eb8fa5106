import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Brief } from "../../shared/decision.ts";
import { depsOf } from "../../shared/deps.ts";
import { structuredCall } from "../../shared/llm.ts";
import type { AccountFacts } from "../evidence.ts";
import type { RiskLevel } from "../playbook.ts";
import { LlmBrief, PROMPT_VERSION, renderLlmPrompt, renderOfflineBrief, type BriefArgs } from "../prompts.ts";
import type { RenewalStateValues } from "../state.ts";

/**
 * Draft the rep's brief: the LLM when one is configured (structured output), the
 * deterministic offline drafter otherwise or when the LLM fails — and the brief says so.
 */
export async function draftBriefNode(state: RenewalStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  const args: BriefArgs = {
    accountName: state.context?.account.name ?? state.subject.id,
    score: state.score ?? 0,
    riskLevel: (state.details.riskLevel as RiskLevel | undefined) ?? "medium",
    facts: state.details.facts as AccountFacts,
    factors: state.topFactors,
    citations: state.citations,
  };
  const offline = renderOfflineBrief(args);
  if (!deps.llm) return { brief: { text: offline, drafter: "offline", promptVersion: PROMPT_VERSION } satisfies Brief };
  const result = await structuredCall(deps.llm, LlmBrief, "renewal_brief", renderLlmPrompt(args), deps.injectFault);
  if (result.ok) {
    const cited = result.value.citedSources.map((i) => state.citations[i - 1]).filter((c) => c !== undefined);
    return {
      brief: { text: result.value.brief, drafter: "llm", promptVersion: PROMPT_VERSION } satisfies Brief,
      ...(cited.length ? { citations: cited } : {}),
    };
  }
  const brief: Brief = { text: offline, drafter: "offline", promptVersion: PROMPT_VERSION, fallbackReason: result.reason };
  return { brief, errors: [`draft_brief fell back to the offline drafter: ${result.reason}`] };
}
