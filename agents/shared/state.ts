import { Annotation } from "@langchain/langgraph";
import type { ProposedAction, SubjectRef } from "../../crm/types.ts";
import type { Factor } from "../../models/types.ts";
import type { ApprovalEvent, Brief, Citation, DecisionStatus, Evidence, ExecutedAction, GateOutcome } from "./decision.ts";

/** Reducer: the newest write wins (scores, decisions, drafted text). */
export const keepLast = <T>(_prev: T, next: T): T => next;
/** Reducer: writes are appended in order (evidence, errors, approvals); an empty write changes nothing. */
export const appendAll = <T>(prev: T[], next: T[] | undefined): T[] => (next && next.length ? prev.concat(next) : prev);
/** Reducer: keys of a write replace the same keys, others stay (details, timings). */
export const mergeRecords = <V>(prev: Record<string, V>, next: Record<string, V> | undefined): Record<string, V> =>
  next ? { ...prev, ...next } : prev;

/**
 * Channels every agent graph has, from subject to recorded decision. Each agent's
 * `state.ts` spreads these and adds its own context fields.
 */
export const CommonState = {
  /** What the run is about: an account, a lead or a ticket. */
  subject: Annotation<SubjectRef>,
  /** Decision time; the port hides anything dated after it. */
  asOf: Annotation<string>,
  /** Model probability (binary agents) or class probability (routing); null until scored. */
  score: Annotation<number | null>({ reducer: keepLast, default: () => null }),
  /** The agent's call: "alert"/"no_alert", a grade, a queue. */
  decision: Annotation<string>({ reducer: keepLast, default: () => "" }),
  /** Agent-specific structured result (grade, queue, assignee, duplicates…). */
  details: Annotation<Record<string, unknown>>({ reducer: mergeRecords, default: () => ({}) }),
  /** Signed model contributions, largest first. */
  topFactors: Annotation<Factor[]>({ reducer: keepLast, default: () => [] }),
  /** Evidence a person reads, appended by each node that finds some. */
  evidence: Annotation<Evidence[]>({ reducer: appendAll, default: () => [] }),
  /** Knowledge-base passages used. */
  citations: Annotation<Citation[]>({ reducer: keepLast, default: () => [] }),
  /** The drafted brief / email / reply. */
  brief: Annotation<Brief | null>({ reducer: keepLast, default: () => null }),
  /** Side effects the agent proposes (replaced wholesale by edits/overrides). */
  proposedActions: Annotation<ProposedAction[]>({ reducer: keepLast, default: () => [] }),
  /** Policy-gate verdict per proposed action. */
  gate: Annotation<GateOutcome[]>({ reducer: keepLast, default: () => [] }),
  /** Human (or sandbox approver) answers, in order. */
  approvals: Annotation<ApprovalEvent[]>({ reducer: appendAll, default: () => [] }),
  /** Action ids cleared to run (auto, or approved by a human). */
  cleared: Annotation<string[]>({ reducer: keepLast, default: () => [] }),
  /** Effects applied, with their idempotency keys. */
  executed: Annotation<ExecutedAction[]>({ reducer: appendAll, default: () => [] }),
  /** Milliseconds per node. */
  timings: Annotation<Record<string, number>>({ reducer: mergeRecords, default: () => ({}) }),
  /** Recovered errors (tool faults, LLM fallbacks), in order. */
  errors: Annotation<string[]>({ reducer: appendAll, default: () => [] }),
  /** Where the run stands. */
  status: Annotation<DecisionStatus>({ reducer: keepLast, default: () => "running" }),
};

/**
 * The common channels as a graph state of their own: the shared nodes (gate, veto, execute,
 * record) are typed on it, and every agent's state is a superset of it.
 */
export const CommonStateAnnotation = Annotation.Root(CommonState);

/** The plain object type of the common channels, derived from the annotations (never hand-copied). */
export type CommonStateValues = typeof CommonStateAnnotation.State;

/** What a node may return for the common channels. */
export type CommonStateUpdate = typeof CommonStateAnnotation.Update;

/** A failed load (subject missing, tool error): the run goes straight to its decision record. */
export function loadFailed(state: CommonStateValues): boolean {
  return state.status === "failed";
}
