import type { LangGraphRunnableConfig } from "@langchain/langgraph";

/**
 * Wrap a node so its wall time lands in `timings[name]`. Errors propagate unchanged.
 */
export function timed<S, U extends object>(
  name: string,
  node: (state: S, config: LangGraphRunnableConfig) => Promise<U> | U,
): (state: S, config: LangGraphRunnableConfig) => Promise<U & { timings: Record<string, number> }> {
  return async (state, config) => {
    const started = performance.now();
    const update = await node(state, config);
    const ms = Math.round((performance.now() - started) * 1000) / 1000;
    return { ...update, timings: { [name]: ms } };
  };
}
