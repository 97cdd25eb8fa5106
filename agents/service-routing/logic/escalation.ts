import type { Customer } from "../../../cases/schema.ts";
import type { Evidence } from "../../shared/decision.ts";
import type { RoutingSettings } from "../policy.ts";
import type { Cue, SentimentResult } from "../../../tools/ticket/sentiment.ts";

/**
 * Escalation and priority: an angry or high-value customer gets a senior (person or
 * queue), strong urgency raises the priority one level. Every change says which cue fired.
 */

export type EscalationCause = "anger" | "high_value_tier" | "high_value_arr";

export interface EscalationReason {
  cause: EscalationCause;
  /** What a person reads: `anger 0.91 ≥ 0.6 ("frechheit", "kuendigen")`. */
  text: string;
  /** Cue ids behind it (sentiment cues) or the customer field. */
  cues: string[];
}

export interface PriorityChange {
  from: string;
  to: string;
  urgency: number;
  cues: string[];
}

export interface EscalationDecision {
  escalate: boolean;
  reasons: EscalationReason[];
  /** Where the escalation goes; null when not escalated. */
  target: "senior_assignee" | "senior_queue" | null;
  /** Only a senior may take the ticket (any escalation, either target). */
  seniorRequired: boolean;
  /** The queue the ticket is routed to (the senior queue when escalated that way). */
  queue: string;
  /** The queue the classifier chose, kept for evaluation and the inbox. */
  classifiedQueue: string;
  /** Final priority (possibly raised); undefined when nobody predicted one. */
  priority: string | undefined;
  priorityRaised: PriorityChange | null;
  evidence: Evidence[];
}

export interface EscalationInput {
  queue: string;
  priority?: string | undefined;
  /** The classifier's probability for `priority`; a confident classifier is not overruled. */
  priorityConfidence?: number | undefined;
  /** Priority labels the classifier knows (the raise never invents a label). */
  priorityLabels: readonly string[];
  sentiment: SentimentResult;
  customer?: Customer | undefined;
}

const quote = (cues: Cue[]) =>
  cues
    .slice(0, 4)
    .map((c) => `"${c.match}"`)
    .join(", ");

/** The next higher priority among the known labels, by the configured order. */
export function nextPriority(current: string, labels: readonly string[], order: readonly string[]): string | undefined {
  const rank = (l: string) => order.findIndex((o) => o.toLowerCase() === l.toLowerCase());
  const r = rank(current);
  if (r < 0) return undefined;
  const higher = labels.filter((l) => rank(l) > r).sort((a, b) => rank(a) - rank(b));
  return higher[0];
}

/** Decide escalation and the final priority from sentiment and the customer. */
export function decideEscalation(input: EscalationInput, settings: RoutingSettings): EscalationDecision {
  const { sentiment, customer } = input;
  const reasons: EscalationReason[] = [];
  const evidence: Evidence[] = [];
  const angerCues = sentiment.cues.filter((c) => c.kind === "anger");
  const urgencyCues = sentiment.cues.filter((c) => c.kind === "urgency");

  if (sentiment.anger >= settings.angerThreshold && angerCues.length > 0) {
    reasons.push({
      cause: "anger",
      text: `anger ${sentiment.anger} ≥ ${settings.angerThreshold} (${quote(angerCues)})`,
      cues: angerCues.map((c) => c.id),
    });
  }
  const tier = customer?.tier?.trim();
  if (tier && settings.seniorTiers.some((t) => t.toLowerCase() === tier.toLowerCase())) {
    reasons.push({ cause: "high_value_tier", text: `customer tier "${tier}" is a senior tier`, cues: ["customer.tier"] });
  }
  const arr = customer?.arr;
  if (typeof arr === "number" && Number.isFinite(arr) && settings.seniorArrAbove !== null && arr >= settings.seniorArrAbove) {
    reasons.push({ cause: "high_value_arr", text: `customer ARR ${arr} ≥ ${settings.seniorArrAbove}`, cues: ["customer.arr"] });
  }
  const escalate = reasons.length > 0;
  const target = escalate ? settings.escalateTo : null;
  const queue = target === "senior_queue" ? settings.seniorQueue : input.queue;
  for (const r of reasons) evidence.push({ source: r.cause === "anger" ? "sentiment" : "customer", text: `escalated: ${r.text}` });
  if (target === "senior_queue") evidence.push({ source: "routing", text: `moved from "${input.queue}" to senior queue "${queue}"` });

  let priority = input.priority;
  let priorityRaised: PriorityChange | null = null;
  if (settings.raisePriorityOnUrgency && priority && sentiment.urgency >= settings.urgencyThreshold && urgencyCues.length > 0) {
    const to = nextPriority(priority, input.priorityLabels, settings.priorityOrder);
    const confidence = input.priorityConfidence ?? 0;
    if (to && confidence >= settings.raiseBelowConfidence) {
      evidence.push({
        source: "sentiment",
        text: `priority kept at ${priority}: urgency ${sentiment.urgency} (${quote(urgencyCues)}), but the classifier is confident (${confidence.toFixed(2)} ≥ ${settings.raiseBelowConfidence})`,
      });
    } else if (to) {
      priorityRaised = { from: priority, to, urgency: sentiment.urgency, cues: urgencyCues.map((c) => c.id) };
      evidence.push({
        source: "sentiment",
        text: `priority raised ${priority} → ${to}: urgency ${sentiment.urgency} ≥ ${settings.urgencyThreshold} (${quote(urgencyCues)})`,
      });
      priority = to;
    }
  }
  return {
    escalate,
    reasons,
    target,
    seniorRequired: escalate,
    queue,
    classifiedQueue: input.queue,
    priority,
    priorityRaised,
    evidence,
  };
}
