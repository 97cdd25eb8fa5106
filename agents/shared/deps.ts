import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { AgentName } from "../../cases/schema.ts";
import { AppError } from "../../core/errors.ts";
import type { GuardedPort } from "../../crm/guard.ts";
import type { ModelFile } from "../../models/types.ts";
import type { Citation, DecisionRecord } from "./decision.ts";
import type { AgentPolicy } from "./policy-config.ts";

/**
 * Everything a node needs from the outside world, passed per run as LangGraph `context`
 * (never constructed inside a node), so tests, the sandbox and the live runtime swap them.
 */
export interface AgentDeps {
  agent: AgentName;
  tenantId: string;
  runId: string;
  /** The CRM, with field rules applied. */
  port: GuardedPort;
  /** The fitted decision model; undefined only where an agent can work without one. */
  model: ModelFile | undefined;
  policy: AgentPolicy;
  now: () => Date;
  /** Optional LLM (OpenAI-compatible); the offline drafter is used when absent or failing. */
  llm?: BaseChatModel | undefined;
  /** Knowledge search limited to the agent's access labels. */
  searchKnowledge?: ((query: string, k: number) => Promise<Citation[]>) | undefined;
  /** Where the finished decision record goes (sandbox list, decisions table). */
  recordDecision: (record: DecisionRecord) => Promise<void>;
  /** Sandbox fault injection: throw this before a tool call when set. */
  injectFault?: ((site: "tool" | "llm") => void) | undefined;
}

/** The deps of the current run, from the graph's runtime config. */
export function depsOf(config: LangGraphRunnableConfig): AgentDeps {
  const deps = (config.context as { deps?: AgentDeps } | undefined)?.deps;
  if (!deps) throw new AppError("INTERNAL", "agent run started without deps in its context");
  return deps;
}

/** Runtime config for one run: thread id plus deps. */
export function runConfig(threadId: string, deps: AgentDeps) {
  return { configurable: { thread_id: threadId }, context: { deps } };
}
