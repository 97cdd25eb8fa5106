import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError } from "../../../core/errors.ts";
import type { Evidence } from "../../shared/decision.ts";
import { depsOf } from "../../shared/deps.ts";
import { readConsent } from "../logic/consent.ts";
import { normalizeLead } from "../../../tools/lead/normalize.ts";
import { leadSettings } from "../policy.ts";
import type { LeadTriageStateValues } from "../state.ts";

/**
 * Canonical keys (email, E.164 phone, company, name, ISO country) and consent. Unreadable
 * input is kept as evidence, not an error: the lead is still triaged.
 */
export function normalizeNode(state: LeadTriageStateValues, config: LangGraphRunnableConfig) {
  const lead = state.context?.lead;
  if (!lead) throw new AppError("INTERNAL", "normalize ran without a lead");
  const settings = leadSettings(depsOf(config).policy);
  const normalized = normalizeLead(lead);
  const consent = readConsent(lead.attributes, settings.consent);
  const evidence: Evidence[] = normalized.issues.map((text) => ({ source: "input", text }));
  for (const reason of [consent.emailReason, consent.callReason]) {
    if (reason) evidence.push({ source: "consent", text: reason });
  }
  const segments = [normalized.country && `country=${normalized.country}`, lead.source && `source=${lead.source}`].filter(
    (x): x is string => typeof x === "string",
  );
  const { issues, ...keys } = normalized;
  return { normalized, consent, evidence, details: { normalized: keys, inputIssues: issues, consent, segments } };
}
