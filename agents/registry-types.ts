import type { Graph as DrawableGraph } from "@langchain/core/runnables/graph";
import type { Command, StateDefinition } from "@langchain/langgraph";
import type { AgentName, Case } from "../cases/schema.ts";
import type { SubjectRef } from "../crm/types.ts";

/** What callers need of a compiled agent graph (structural, so each agent's state type stays its own). */
export interface AgentGraph {
  invoke(input: Record<string, unknown> | Command | null, config: Record<string, unknown>): Promise<Record<string, unknown>>;
  stream(input: Record<string, unknown> | Command | null, config: Record<string, unknown>): Promise<AsyncIterable<unknown>>;
  getState(config: Record<string, unknown>): Promise<GraphStateSnapshot>;
  /** The compiled topology: nodes, edges, conditional edges with their destinations (`drawMermaid()`). */
  getGraphAsync(config?: Record<string, unknown>): Promise<DrawableGraph>;
}

/** The parts of LangGraph's StateSnapshot the runtime reads. */
export interface GraphStateSnapshot {
  values: Record<string, unknown>;
  next: string[];
  tasks: { name: string; interrupts: unknown[] }[];
  config: { configurable?: Record<string, unknown> };
}

/** One agent as the registry knows it. */
export interface AgentDefinition {
  name: AgentName;
  graphVersion: string;
  /** Prompt version stamped on records that have no brief. */
  promptVersion: string;
  /** The subject a case or a live request is about. */
  subjectOf(c: Case): SubjectRef;
  /** Subject type this agent runs on. */
  subjectType: SubjectRef["type"];
  /** The graph's state channels and reducers (`<Agent>State.spec`), e.g. for a graph of the same shape with other bodies. */
  stateSpec: StateDefinition;
}
