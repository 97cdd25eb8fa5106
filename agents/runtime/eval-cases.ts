import type { Queryable } from "../../db/pool.ts";
import type { HumanAnswer } from "../shared/approval.ts";
import type { CommonStateValues } from "../shared/state.ts";
import { INSERT_EVAL_CASE } from "./sql.ts";

const COMMON = new Set(["subject", "asOf", "score", "decision", "details", "topFactors", "evidence", "citations", "brief", "proposedActions", "gate", "approvals", "cleared", "executed", "timings", "errors", "status"]);

/** The snapshot the agent decided on: the agent-specific context channels of its state. */
export function snapshotOf(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !COMMON.has(k)));
}

/**
 * A case-file line (../shared/spec/cases.md) when the human's verdict maps to an outcome,
 * so evals can replay overrides like any history. Renewal: alert ⇔ churned; lead triage:
 * prioritise ⇔ converted; routing: the override names the queue.
 */
export function caseLine(agent: string, runId: string, values: CommonStateValues & Record<string, unknown>, humanDecision: string) {
  const snap = snapshotOf(values);
  const base = { id: runId, agent, asOf: values.asOf };
  const ctx = snap.context as Record<string, unknown> | null | undefined;
  if (agent === "renewal-risk" && ctx) return { ...base, ...ctx, outcome: { churned: humanDecision === "alert" } };
  if (agent === "lead-triage" && ctx) return { ...base, ...ctx, outcome: { converted: humanDecision === "prioritise" } };
  if (agent === "service-routing" && ctx) return { ...base, ...ctx, outcome: { queue: humanDecision } };
  return undefined;
}

/** Every override and reject becomes a labelled eval case: what the agent saw + the human's verdict. */
export async function writeEvalCase(
  q: Queryable,
  tenantId: string,
  agent: string,
  runId: string,
  values: CommonStateValues & Record<string, unknown>,
  answer: HumanAnswer,
): Promise<void> {
  const humanDecision = answer.answer === "override" ? (answer.override?.decision ?? values.decision) : `rejected:${values.decision}`;
  const line = answer.answer === "override" ? caseLine(agent, runId, values, humanDecision) : undefined;
  const caseData = { snapshot: snapshotOf(values), subject: values.subject, asOf: values.asOf, agentDecision: { decision: values.decision, score: values.score, topFactors: values.topFactors }, ...(line ? { case: line } : {}) };
  const label = { answer: answer.answer, humanDecision, agentDecision: values.decision };
  await q.query(INSERT_EVAL_CASE, [
    `${runId}:${answer.answer}`,
    tenantId,
    agent,
    runId,
    answer.answer,
    JSON.stringify(caseData),
    JSON.stringify(label),
    answer.reasonCode,
    answer.reasonText ?? null,
    answer.by,
  ]);
}
