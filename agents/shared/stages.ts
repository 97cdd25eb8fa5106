import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { BinaryOperatorAggregate } from "@langchain/langgraph/channels";

/** One step of an agent: a named function from state to a partial update (what used to be a graph node). */
export interface Stage<S> {
  name: string;
  run(state: S, config: LangGraphRunnableConfig): Promise<Partial<S>> | Partial<S>;
  /** Run only when this holds for the state so far (default: always). */
  when?: ((state: S) => boolean) | undefined;
  /** After this stage, skip the rest of the sequence when this holds (e.g. a failed load). */
  stopIf?: ((state: S) => boolean) | undefined;
  /** Record the stage's wall time in `timings` (default true; the decision record writer is not timed). */
  timed?: boolean | undefined;
}

/** A reducer per state key, as the graph's channels apply them. */
export type Reducers = Record<string, (prev: unknown, next: unknown) => unknown>;

/** Progress a stage sequence reports on LangGraph's "custom" stream as each stage finishes. */
export interface StageProgress {
  stage: string;
}

/** Type guard for a "custom" stream chunk written by `stageSequence`. */
export function isStageProgress(chunk: unknown): chunk is StageProgress {
  return typeof chunk === "object" && chunk !== null && typeof (chunk as { stage?: unknown }).stage === "string";
}

/**
 * The reducers of an `Annotation.Root(...)` spec: a channel with an operator folds updates
 * with it, every other channel keeps the last value written.
 */
export function reducersOf(spec: Record<string, unknown>): Reducers {
  const out: Reducers = {};
  for (const [key, channel] of Object.entries(spec)) {
    if (channel instanceof BinaryOperatorAggregate) {
      const op = channel.operator as (a: unknown, b: unknown) => unknown;
      out[key] = (a, b) => op(a, b);
    }
  }
  return out;
}

/** `state` with `update` folded in by the reducers (a new object; inputs untouched). */
export function foldUpdate<S extends object>(state: S, update: Partial<S>, reducers: Reducers): S {
  const next: Record<string, unknown> = { ...(state as Record<string, unknown>) };
  for (const [key, value] of Object.entries(update)) foldInto(next, key, value, reducers);
  return next as S;
}

/** Fold one key of an update into `target`, in place: the channel's reducer, or the value itself (undefined is no write). */
function foldInto(target: Record<string, unknown>, key: string, value: unknown, reducers: Reducers): void {
  if (value === undefined) return;
  const reduce = reducers[key];
  target[key] = reduce && key in target ? reduce(target[key], value) : value;
}

/** Fold one key into the running state and into the accumulated update. */
function foldBoth(current: Record<string, unknown>, acc: Record<string, unknown>, key: string, value: unknown, reducers: Reducers): void {
  foldInto(current, key, value, reducers);
  foldInto(acc, key, value, reducers);
}

/**
 * Compose stages into one graph node. Each stage sees the state with every earlier stage's
 * update applied (through the same reducers the graph uses), and the node returns the
 * accumulated update, which the graph then applies once. That is the same result as one
 * node per stage because the reducers used here (keep last, append, merge records) are
 * associative: reduce(reduce(s, a), b) = reduce(s, reduce(a, b)).
 *
 * Why compose instead of a node per stage: every stage between two durable points (the
 * veto's interrupt and the end; runs use durability "exit") is a pure function of the
 * state and the run's reads, so a graph step per stage bought no durability and cost
 * ≈ 0.2–0.6 ms of LangGraph work each (config merging, task ids, checkpoint copies),
 * which was most of a replayed case's CPU. Stages still time themselves into `timings`
 * and report progress on the "custom" stream (`{ stage }`) as they finish; an interrupt
 * or error thrown by a stage propagates unchanged.
 */
export function stageSequence<S extends object>(stages: readonly Stage<S>[], reducers: Reducers) {
  return async (state: S, config: LangGraphRunnableConfig): Promise<Partial<S>> => {
    // Our own copy of the graph's state, folded in place stage by stage (stages return
    // updates and keep no reference to the state they were given), and the update so far.
    const current: Record<string, unknown> = { ...(state as Record<string, unknown>) };
    const acc: Record<string, unknown> = {};
    for (const stage of stages) {
      if (stage.when && !stage.when(current as S)) continue;
      const started = performance.now();
      // Most stages are synchronous: awaiting only real promises saves a microtask (and an
      // async-hook callback) per stage.
      const result = stage.run(current as S, config);
      const update = (result instanceof Promise ? await result : result) as Record<string, unknown>;
      for (const key of Object.keys(update)) foldBoth(current, acc, key, update[key], reducers);
      if (stage.timed !== false) foldBoth(current, acc, "timings", { [stage.name]: Math.round((performance.now() - started) * 1000) / 1000 }, reducers);
      config.writer?.({ stage: stage.name } satisfies StageProgress);
      if (stage.stopIf?.(current as S)) break;
    }
    return acc as Partial<S>;
  };
}
