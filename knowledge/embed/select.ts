import type { Config } from "../../config/index.ts";
import { LocalSparseEmbedder } from "./local.ts";
import { OpenAiEmbedder } from "./openai.ts";
import type { Embedder } from "./types.ts";

/**
 * The embedder the configuration asks for: the OpenAI-compatible one when a key or base
 * URL is set, the offline local one otherwise (or when `local` is forced, e.g. offline evals).
 */
export function embedderFromConfig(c: Config, opts: { local?: boolean } = {}): Embedder {
  if (opts.local || !c.llmEnabled) return new LocalSparseEmbedder();
  return new OpenAiEmbedder({
    model: c.OPENAI_EMBEDDING_MODEL,
    dimensions: c.OPENAI_EMBEDDING_DIMENSIONS,
    apiKey: c.OPENAI_API_KEY,
    baseURL: c.OPENAI_BASE_URL,
    timeoutMs: c.OPENAI_TIMEOUT_MS,
    maxRetries: c.OPENAI_MAX_RETRIES,
  });
}
