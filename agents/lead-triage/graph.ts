import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import { executeActionsNode } from "../shared/nodes/execute-actions.ts";
import { humanVetoNode } from "../shared/nodes/human-veto.ts";
import { makePolicyGateNode, routeAfterGate } from "../shared/nodes/policy-gate.ts";
import { makeRecordDecisionNode } from "../shared/nodes/record-decision.ts";
import { timed } from "../shared/timing.ts";
import { assignOwnerNode } from "./nodes/assign-owner.ts";
import { draftFirstTouchNode } from "./nodes/draft-first-touch.ts";
import { findDuplicatesNode } from "./nodes/find-duplicates.ts";
import { gradeLeadNode } from "./nodes/grade-lead.ts";
import { loadLeadNode, routeAfterLoad } from "./nodes/load-lead.ts";
import { normalizeNode } from "./nodes/normalize.ts";
import { proposeActionsNode } from "./nodes/propose-actions.ts";
import { scoreLeadNode } from "./nodes/score-lead.ts";
import { leadGateRules } from "./policy.ts";
import { PROMPT_VERSION } from "./prompts.ts";
import { LeadTriageState } from "./state.ts";

export const GRAPH_VERSION = "lead-triage/1";

/** Lead triage: dedupe, score, grade, route and draft a first touch — stopping at a human veto. */
export function buildLeadTriageGraph(checkpointer: BaseCheckpointSaver) {
  return (
    new StateGraph(LeadTriageState)
      // the lead and its activities at asOf, through the CRM tool
      .addNode("load_lead", timed("load_lead", loadLeadNode))
      // canonical email / E.164 phone / company / country, and consent
      .addNode("normalize", timed("normalize", normalizeNode))
      // existing leads/contacts by exact keys, then fuzzy name + company
      .addNode("find_duplicates", timed("find_duplicates", findDuplicatesNode))
      // conversion probability and top factors from the shared learner
      .addNode("score_lead", timed("score_lead", scoreLeadNode))
      // letter grade from the configured cut-offs
      .addNode("grade_lead", timed("grade_lead", gradeLeadNode))
      // territory, skills, capacity, round-robin; or "unassigned: why"
      .addNode("assign_owner", timed("assign_owner", assignOwnerNode))
      // first-touch email draft (LLM when configured, offline drafter otherwise), consent permitting
      .addNode("draft_first_touch", timed("draft_first_touch", draftFirstTouchNode))
      // merge/link, assign or escalate, draft email, call
      .addNode("propose_actions", timed("propose_actions", proposeActionsNode))
      // auto / ask / block per action (consent blocks email and call)
      .addNode("policy_gate", timed("policy_gate", makePolicyGateNode(leadGateRules)))
      // interrupt(): a person approves, rejects, edits or overrides
      .addNode("human_veto", timed("human_veto", humanVetoNode))
      // apply cleared actions exactly once (idempotency keys)
      .addNode("execute_actions", timed("execute_actions", executeActionsNode))
      // write the one decision record
      .addNode("record_decision", makeRecordDecisionNode({ graphVersion: GRAPH_VERSION, promptVersion: PROMPT_VERSION }))
      .addEdge(START, "load_lead")
      .addConditionalEdges("load_lead", routeAfterLoad, ["normalize", "record_decision"])
      .addEdge("normalize", "find_duplicates")
      .addEdge("find_duplicates", "score_lead")
      .addEdge("score_lead", "grade_lead")
      .addEdge("grade_lead", "assign_owner")
      .addEdge("assign_owner", "draft_first_touch")
      .addEdge("draft_first_touch", "propose_actions")
      .addEdge("propose_actions", "policy_gate")
      .addConditionalEdges("policy_gate", routeAfterGate, ["human_veto", "execute_actions"])
      .addEdge("human_veto", "execute_actions")
      .addEdge("execute_actions", "record_decision")
      .addEdge("record_decision", END)
      .compile({ checkpointer })
  );
}
