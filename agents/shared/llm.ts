import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOpenAI } from "@langchain/openai";
import type { z } from "zod";
import type { Config } from "../../config/index.ts";
import { errorMessage } from "../../core/errors.ts";

/**
 * The optional LLM. Built once per process from config (any OpenAI-compatible server) and
 * passed to nodes through deps; undefined offline.
 */
export function createChatModel(cfg: Config): BaseChatModel | undefined {
  if (!cfg.llmEnabled) return undefined;
  return new ChatOpenAI({
    model: cfg.OPENAI_MODEL,
    apiKey: cfg.OPENAI_API_KEY ?? "not-needed",
    temperature: 0,
    timeout: cfg.OPENAI_TIMEOUT_MS,
    maxRetries: cfg.OPENAI_MAX_RETRIES,
    configuration: cfg.OPENAI_BASE_URL ? { baseURL: cfg.OPENAI_BASE_URL } : {},
  });
}

export type StructuredResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Ask the LLM for a zod-typed answer (structured output, never free-text parsing). Any
 * failure — timeout, HTTP error, malformed reply — comes back as a reason so the caller
 * falls back to its offline path and says so in the decision.
 */
export async function structuredCall<S extends z.ZodType>(
  llm: BaseChatModel,
  schema: S,
  name: string,
  messages: { role: "system" | "user"; content: string }[],
  injectFault?: (site: "llm") => void,
): Promise<StructuredResult<z.infer<S>>> {
  try {
    injectFault?.("llm");
    const runnable = llm.withStructuredOutput(schema, { name });
    const raw: unknown = await runnable.invoke(messages.map((m) => [m.role, m.content] as [string, string]));
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return { ok: false, reason: `malformed model reply: ${parsed.error.issues[0]?.message ?? "schema mismatch"}` };
    return { ok: true, value: parsed.data };
  } catch (err) {
    return { ok: false, reason: `LLM call failed: ${errorMessage(err).slice(0, 300)}` };
  }
}
