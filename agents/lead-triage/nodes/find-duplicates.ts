import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { errorMessage } from "../../../core/errors.ts";
import { findLeadDuplicates } from "../../../tools/lead/find-duplicates.ts";
import type { Evidence } from "../../shared/decision.ts";
import { depsOf } from "../../shared/deps.ts";
import { callTool } from "../../shared/tool-call.ts";
import { leadSettings } from "../policy.ts";
import type { LeadTriageStateValues } from "../state.ts";

/**
 * Existing leads/contacts this lead duplicates. A port failure is recorded and triage goes
 * on without dedupe (the decision says so) rather than dropping the lead.
 */
export async function findDuplicatesNode(state: LeadTriageStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  const lead = state.context?.lead;
  if (!lead) return {};
  const settings = leadSettings(deps.policy).dedupe;
  try {
    const { value, errors } = await callTool(deps, "find_lead_duplicates", () => findLeadDuplicates(deps.port, lead, settings));
    const evidence: Evidence[] = value.matches.slice(0, 3).map((m) => ({
      source: "dedupe",
      text: `${m.resolution === "merge" ? "duplicate of" : "possible duplicate of"} ${m.record.type} ${m.record.id}: ${m.why}`,
      refs: [m.record.id],
    }));
    const duplicates = value.matches.map((m) => ({ ...m.record, matchType: m.matchType, score: m.score, resolution: m.resolution, why: m.why }));
    const best = value.matches[0];
    const account = value.account ?? null;
    if (account) evidence.push({ source: "dedupe", text: `not a duplicate, but belongs with account ${account.accountId}: ${account.why}`, refs: [account.accountId, ...account.via] });
    return {
      duplicates: value.matches,
      account,
      evidence,
      errors,
      details: { duplicates, duplicateOf: best ? `${best.record.type}:${best.record.id}` : null, account },
    };
  } catch (err) {
    return { errors: [`find_duplicates: ${errorMessage(err)}; triaged without dedupe`], details: { duplicates: null, duplicateOf: null } };
  }
}
