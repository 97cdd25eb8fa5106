import type { LangGraphRunnableConfig } from "@langchain/langgraph";

/** Progress a node reports on LangGraph's "custom" stream as it finishes. */
export interface NodeProgress {
  /** The graph node that finished. */
  stage: string;
}

/** Type guard for a "custom" stream chunk written by a {@link timed} node. */
export function isNodeProgress(chunk: unknown): chunk is NodeProgress {
  return typeof chunk === "object" && chunk !== null && typeof (chunk as { stage?: unknown }).stage === "string";
}

/** The graph node a function runs as: LangGraph puts it in every task's metadata (`langgraph_node`). */
export function nodeNameOf(config: LangGraphRunnableConfig): string {
  const name: unknown = config.metadata?.langgraph_node;
  return typeof name === "string" ? name : "unknown";
}

/**
 * A node that times itself into the decision's `timings` (wall ms, µs precision) and
 * reports `{ stage }` on the "custom" stream when it finishes. LangGraph's own `updates`
 * stream says which node finished too, but not how long its body took, and the decision
 * record is written inside the graph, so the time has to travel in state. A node that
 * throws (an error, or `interrupt()` suspending the run) records nothing.
 */
export function timed<S, U extends object>(run: (state: S, config: LangGraphRunnableConfig) => U | Promise<U>) {
  return async (state: S, config: LangGraphRunnableConfig): Promise<U & { timings: Record<string, number> }> => {
    const started = performance.now();
    const update = await run(state, config);
    const node = nodeNameOf(config);
    const ms = Math.round((performance.now() - started) * 1000) / 1000;
    config.writer?.({ stage: node } satisfies NodeProgress);
    return { ...update, timings: { [node]: ms } };
  };
}
