import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import { makePolicyGateNode } from "../shared/nodes/policy-gate.ts";
import { DECISION_TAIL, decisionTail, routeAfterGate } from "../shared/decision-tail.ts";
import { loadFailed } from "../shared/state.ts";
import { timed } from "../shared/timed.ts";
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

export const GRAPH_VERSION = "lead-triage/3";

/** A failed load is recorded as is. */
export function routeAfterLoad(state: LeadTriageStateValues): "normalize" | "record_decision" {
  return loadFailed(state) ? "record_decision" : "normalize";
}

/** Lead triage: dedupe, score, grade, route and draft a first touch — stopping at a human veto. */
export function buildLeadTriageGraph(checkpointer: BaseCheckpointSaver) {
  return (
    new StateGraph(LeadTriageState)
      // the lead and its activities at asOf, through the CRM tool
      .addNode("load_lead", timed(loadLeadNode))
      // canonical email / E.164 phone / company / country, and consent
      .addNode("normalize", timed(normalizeNode))
      // existing leads/contacts by exact keys, then fuzzy name + company
      .addNode("find_duplicates", timed(findDuplicatesNode))
      // conversion probability and top factors from the shared learner
      .addNode("score_lead", timed(scoreLeadNode))
      // letter grade from the configured cut-offs
      .addNode("grade_lead", timed(gradeLeadNode))
      // territory, skills, capacity, round-robin; or "unassigned: why"
      .addNode("assign_owner", timed(assignOwnerNode))
      // first-touch email draft (LLM when configured, offline drafter otherwise), consent permitting
      .addNode("draft_first_touch", timed(draftFirstTouchNode))
      // merge/link, assign or escalate, draft email, call
      .addNode("propose_actions", timed(proposeActionsNode))
      // auto / ask / block per action (consent blocks email and call)
      .addNode("policy_gate", timed(makePolicyGateNode(leadGateRules)))
      // shared tail, in sequence: human_veto (interrupt) → execute_actions (exactly once) → record_decision
      .addSequence(decisionTail({ graphVersion: GRAPH_VERSION, promptVersion: PROMPT_VERSION }))
      .addEdge(START, "load_lead")
      .addConditionalEdges("load_lead", routeAfterLoad, ["normalize", "record_decision"])
      .addEdge("normalize", "find_duplicates")
      .addEdge("find_duplicates", "score_lead")
      .addEdge("score_lead", "grade_lead")
      .addEdge("grade_lead", "assign_owner")
      .addEdge("assign_owner", "draft_first_touch")
      .addEdge("draft_first_touch", "propose_actions")
      .addEdge("propose_actions", "policy_gate")
      .addConditionalEdges("policy_gate", routeAfterGate, [...DECISION_TAIL])
      .addEdge("record_decision", END)
      .compile({ checkpointer })
  );
}
