import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { depsOf } from "../../shared/deps.ts";
import { gradeLead } from "../logic/grade.ts";
import { leadSettings } from "../policy.ts";
import type { LeadTriageStateValues } from "../state.ts";

/** Letter grade from the calibrated probability with the configured cut-offs. */
export function gradeLeadNode(state: LeadTriageStateValues, config: LangGraphRunnableConfig) {
  if (state.score === null) return { details: { grade: null, gradeWhy: "no score available" } };
  const grade = gradeLead(state.score, leadSettings(depsOf(config).policy).grades);
  return { grade, evidence: [{ source: "grade", text: `grade ${grade.grade}: ${grade.why}` }], details: { grade: grade.grade, gradeWhy: grade.why } };
}
