import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { errorMessage } from "../../../core/errors.ts";
import { suggestLeadOwner } from "../../../tools/lead/suggest-owner.ts";
import { depsOf } from "../../shared/deps.ts";
import { callTool } from "../../shared/tool-call.ts";
import { advanceCursor, type Assignment } from "../../../tools/lead/assign.ts";
import { mergesIntoExisting } from "../logic/actions.ts";
import { leadSettings } from "../policy.ts";
import type { LeadTriageStateValues } from "../state.ts";

/**
 * Owner by territory, skills, capacity and round-robin. Skipped for a lead merged into an
 * existing record (that record keeps its owner). Whose turn it is comes from the port (the
 * owner assignments already applied, live); the assignment's pool rides on the
 * `assign_owner` action, so applying it is what moves the turn on.
 */
export async function assignOwnerNode(state: LeadTriageStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  const lead = state.context?.lead;
  if (!lead) return {};
  if (mergesIntoExisting(state.duplicates)) {
    return { details: { assignee: null, assignment: { status: "skipped", why: "merged into an existing record, which keeps its owner" } } };
  }
  const settings = leadSettings(deps.policy).assignment;
  let assignment: Assignment;
  const errors: string[] = [];
  try {
    const r = await callTool(deps, "suggest_lead_owner", () => suggestLeadOwner(deps.port, lead, state.roundRobin, settings));
    assignment = r.value;
    errors.push(...r.errors);
  } catch (err) {
    assignment = { status: "unassigned", why: `unassigned: could not list reps (${errorMessage(err)})` };
  }
  const text = assignment.status === "assigned" ? `owner ${assignment.repName}: ${assignment.why}` : assignment.why;
  return {
    assignment,
    errors,
    evidence: [{ source: "assignment", text }],
    details: {
      assignee: assignment.status === "assigned" ? assignment.repId : null,
      assignment,
      roundRobin: advanceCursor(state.roundRobin, assignment),
    },
  };
}
