import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { buildAgentGraph } from "../shared/agent-graph.ts";
import { makePolicyGateNode } from "../shared/nodes/policy-gate.ts";
import type { Stage } from "../shared/stages.ts";
import { loadFailed } from "../shared/state.ts";
import { assignOwnerNode } from "./nodes/assign-owner.ts";
import { draftFirstTouchNode } from "./nodes/draft-first-touch.ts";
import { findDuplicatesNode } from "./nodes/find-duplicates.ts";
import { gradeLeadNode } from "./nodes/grade-lead.ts";
import { loadLeadNode } from "./nodes/load-lead.ts";
import { normalizeNode } from "./nodes/normalize.ts";
import { proposeActionsNode } from "./nodes/propose-actions.ts";
import { scoreLeadNode } from "./nodes/score-lead.ts";
import { leadGateRules } from "./policy.ts";
import { PROMPT_VERSION } from "./prompts.ts";
import { LeadTriageState, type LeadTriageStateValues } from "./state.ts";

export const GRAPH_VERSION = "lead-triage/2";

/** What lead triage does before anything touches the CRM, in order (graph node `assess`). */
export const LEAD_TRIAGE_STAGES: readonly Stage<LeadTriageStateValues>[] = [
  // the lead and its activities at asOf, through the CRM tool; a failed load is recorded as is
  { name: "load_lead", run: loadLeadNode, stopIf: loadFailed },
  // canonical email / E.164 phone / company / country, and consent
  { name: "normalize", run: normalizeNode },
  // existing leads/contacts by exact keys, then fuzzy name + company
  { name: "find_duplicates", run: findDuplicatesNode },
  // conversion probability and top factors from the shared learner
  { name: "score_lead", run: scoreLeadNode },
  // letter grade from the configured cut-offs
  { name: "grade_lead", run: gradeLeadNode },
  // territory, skills, capacity, round-robin; or "unassigned: why"
  { name: "assign_owner", run: assignOwnerNode },
  // first-touch email draft (LLM when configured, offline drafter otherwise), consent permitting
  { name: "draft_first_touch", run: draftFirstTouchNode },
  // merge/link, assign or escalate, draft email, call
  { name: "propose_actions", run: proposeActionsNode },
  // auto / ask / block per action (consent blocks email and call)
  { name: "policy_gate", run: makePolicyGateNode(leadGateRules) },
];

/**
 * Lead triage: dedupe, score, grade, route and draft a first touch — stopping at a human veto.
 * assess (the stages above) → act (human veto → execute → record), see agents/shared/agent-graph.ts.
 */
export function buildLeadTriageGraph(checkpointer: BaseCheckpointSaver) {
  return buildAgentGraph(LeadTriageState, LEAD_TRIAGE_STAGES, { graphVersion: GRAPH_VERSION, promptVersion: PROMPT_VERSION }, checkpointer);
}
