import { isBinaryAgent, type AgentName } from "../cases/schema.ts";
import type { ReplayDecision } from "../sandbox/types.ts";
import { aucOf, binaryPairs, brierOf, macroF1Of, type Scored } from "./curves.ts";

/**
 * How the evals read one replay decision: was it right, and the summary metrics of a set of
 * decisions. One place so compare, segments and autonomy agree on what "right" means.
 */


/**
 * Decisions that mean "act on this case": renewal-risk alerts, lead-triage prioritises
 * (sandbox/types.ts says "alert"; the lead-triage graph says "prioritise": both count).
 */
export const POSITIVE_DECISIONS: ReadonlySet<string> = new Set(["alert", "prioritise", "prioritize"]);

export function isAlert(d: ReplayDecision): boolean {
  return POSITIVE_DECISIONS.has(d.decision);
}

/** Binary agents: the alert decision matched the outcome. Routing: the queue matched. Undefined without truth. */
export function isCorrect(agent: AgentName, d: ReplayDecision): boolean | undefined {
  if (isBinaryAgent(agent)) {
    if (d.actual.label === undefined) return undefined;
    return isAlert(d) === d.actual.label;
  }
  if (d.actual.queue === undefined) return undefined;
  return d.decision === d.actual.queue;
}

/** Routing: predicted priority (details.priority) against the true one. */
export function isPriorityCorrect(d: ReplayDecision): boolean | undefined {
  if (d.actual.priority === undefined) return undefined;
  const p = d.details?.["priority"];
  return typeof p === "string" ? p === d.actual.priority : false;
}

/**
 * "Act without a human" as a binary problem: for binary agents the outcome label; for
 * routing, whether the predicted queue was right (the score is the queue's probability).
 */
export function autonomyPairs(agent: AgentName, decisions: readonly ReplayDecision[]): Scored[] {
  if (isBinaryAgent(agent)) return binaryPairs(decisions);
  const out: Scored[] = [];
  for (const d of decisions) {
    const ok = isCorrect(agent, d);
    if (d.score === null || !Number.isFinite(d.score) || ok === undefined) continue;
    out.push({ score: d.score, label: ok ? 1 : 0 });
  }
  return out;
}

/**
 * The metrics of a set of decisions, recomputed from the decisions themselves so a subset
 * (a segment, a resample) is measured the same way as the whole. Undefined rates are NaN.
 */
export function summarize(agent: AgentName, decisions: readonly ReplayDecision[]): Record<string, number> {
  const n = decisions.length;
  if (isBinaryAgent(agent)) {
    const pairs = binaryPairs(decisions);
    let tp = 0, fp = 0, tn = 0, fn = 0, positives = 0;
    for (const d of decisions) {
      if (d.actual.label === undefined) continue;
      const alert = isAlert(d);
      if (d.actual.label) positives++;
      if (alert && d.actual.label) tp++;
      else if (alert) fp++;
      else if (d.actual.label) fn++;
      else tn++;
    }
    const labelled = tp + fp + tn + fn;
    return {
      n,
      positives,
      outcomeRate: labelled ? positives / labelled : Number.NaN,
      auc: aucOf(pairs),
      brier: brierOf(pairs),
      precision: tp + fp ? tp / (tp + fp) : Number.NaN,
      recall: tp + fn ? tp / (tp + fn) : Number.NaN,
      falsePositiveRate: fp + tn ? fp / (fp + tn) : Number.NaN,
      triggerRate: labelled ? (tp + fp) / labelled : Number.NaN,
      accuracy: labelled ? (tp + tn) / labelled : Number.NaN,
    };
  }
  const withQueue = decisions.filter((d) => d.actual.queue !== undefined);
  const out: Record<string, number> = {
    n,
    queueAccuracy: withQueue.length ? withQueue.filter((d) => d.decision === d.actual.queue).length / withQueue.length : Number.NaN,
    queueMacroF1: macroF1Of(withQueue.map((d) => d.actual.queue!), withQueue.map((d) => d.decision)),
  };
  const withPriority = decisions.filter((d) => d.actual.priority !== undefined);
  if (withPriority.length) {
    const pred = withPriority.map((d) => {
      const p = d.details?.["priority"];
      return typeof p === "string" ? p : "(none)";
    });
    out["priorityAccuracy"] = withPriority.filter((d, i) => pred[i] === d.actual.priority).length / withPriority.length;
    out["priorityMacroF1"] = macroF1Of(withPriority.map((d) => d.actual.priority!), pred);
  }
  return out;
}

/** The accuracy metric name compared by McNemar for an agent. */
export function accuracyName(agent: AgentName): "accuracy" | "queueAccuracy" {
  return isBinaryAgent(agent) ? "accuracy" : "queueAccuracy";
}
