import { CallbackManager } from "@langchain/core/callbacks/manager";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";

/**
 * Lean run context for agent runs (replays and live).
 *
 * Every runnable LangGraph invokes (each node, each channel writer, each router) goes
 * through `AsyncLocalStorageProviderSingleton.runWithConfig`, which builds a LangSmith
 * `RunTree` just to carry the runnable config in async-local storage, even when tracing is
 * off: a uuid7 from fresh random bytes, timestamps and environment reads per call. In a
 * replay that was ~14% of all CPU (profile in the perf report); no config option skips it
 * (checked @langchain/core 1.4 and @langchain/langgraph 1.7.3).
 *
 * This swaps in the same function minus the disabled-tracing `RunTree`: the store still
 * carries the config under the key `getRunnableConfig()` reads (so `interrupt()`, writers
 * and nested graphs behave the same) and the context variables. Whenever a LangSmith tracer
 * is configured (callbacks, or the environment at start-up), the original function runs
 * unchanged, so turning tracing on still traces everything.
 *
 * Process-wide by nature (the singleton is shared): installed by the sandbox runner and by
 * the live runtime; idempotent.
 */
/** The key `getRunnableConfig()` reads from the store's `extra` (@langchain/core). */
const LC_CHILD_KEY = Symbol.for("lc:child_config");
/** Context variables carried from the enclosing store (@langchain/core). */
const CONTEXT_VARIABLES_KEY = Symbol.for("lc:context_variables");
const INSTALLED = Symbol.for("scenario:lean-run-context");

type RunWithConfig = typeof AsyncLocalStorageProviderSingleton.runWithConfig;
type Store = { extra?: Record<symbol, unknown>; [CONTEXT_VARIABLES_KEY]?: unknown };

/** Install the lean `runWithConfig` (no-op if already installed, or if tracing is on by environment). */
export function installLeanRunContext(): void {
  const provider = AsyncLocalStorageProviderSingleton as typeof AsyncLocalStorageProviderSingleton & { [INSTALLED]?: true };
  if (provider[INSTALLED]) return;
  // Tracing switched on by the environment (LANGSMITH_TRACING…) is read once here: the
  // library itself reads those variables on every call, which cost ~3% of a replay.
  if (hasTracer(CallbackManager._configureSync(undefined))) return;
  const original: RunWithConfig = provider.runWithConfig.bind(provider);
  const lean: RunWithConfig = (config, callback, avoidCreatingRootRunTree) => {
    if (configMayTrace(config?.callbacks)) return original(config, callback, avoidCreatingRootRunTree);
    const storage = provider.getInstance();
    const previous: unknown = storage.getStore();
    let store: Store | undefined = avoidCreatingRootRunTree ? undefined : { extra: { [LC_CHILD_KEY]: config } };
    if (previous !== null && typeof previous === "object" && (previous as Store)[CONTEXT_VARIABLES_KEY] !== undefined) {
      store ??= {};
      store[CONTEXT_VARIABLES_KEY] = (previous as Store)[CONTEXT_VARIABLES_KEY];
    }
    return storage.run(store, callback);
  };
  provider.runWithConfig = lean;
  provider[INSTALLED] = true;
}

type Callbacks = Parameters<typeof CallbackManager._configureSync>[0];

function hasTracer(manager: CallbackManager | undefined): boolean {
  return manager?.handlers.some((h) => h.name === "langchain_tracer") ?? false;
}

/** Callbacks passed in the config: none (the replay's case) is decided without any work. */
function configMayTrace(callbacks: Callbacks): boolean {
  if (callbacks === undefined) return false;
  if (Array.isArray(callbacks)) return callbacks.length > 0 && hasTracer(CallbackManager._configureSync(callbacks));
  return hasTracer(callbacks);
}
