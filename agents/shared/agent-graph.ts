import { END, START, StateGraph, type LangGraphRunnableConfig, type AnnotationRoot, type BaseCheckpointSaver, type StateDefinition } from "@langchain/langgraph";
import type { AgentGraph } from "../registry-types.ts";
import { executeActionsNode } from "./nodes/execute-actions.ts";
import { humanVetoNode } from "./nodes/human-veto.ts";
import { needsHuman } from "./nodes/policy-gate.ts";
import { makeRecordDecisionNode } from "./nodes/record-decision.ts";
import type { AgentVersions } from "./record.ts";
import { reducersOf, stageSequence, type Stage } from "./stages.ts";
import type { CommonStateValues } from "./state.ts";

/** The two graph nodes every agent has; their stages are listed in each agent's graph.ts. */
export const AGENT_NODES = ["assess", "act"] as const;

/**
 * The side-effect half every agent shares: the human veto (a real interrupt(), only when
 * the gate asks), then the cleared actions, then the one decision record.
 */
export function actStages(versions: AgentVersions): Stage<CommonStateValues>[] {
  return [
    // interrupt(): a person approves, rejects, edits or overrides; on resume the node re-runs and this returns the answer
    { name: "human_veto", run: humanVetoNode, when: needsHuman },
    // apply cleared actions exactly once (idempotency keys); nothing proposed → nothing to apply
    { name: "execute_actions", run: executeActionsNode, when: (s) => s.proposedActions.length > 0 },
    // write the one decision record (not timed: it carries the timings)
    { name: "record_decision", run: makeRecordDecisionNode(versions), timed: false },
  ];
}

/**
 * An agent graph: `assess` (the agent's own stages: reads, model, drafting, policy gate —
 * no side effects) → `act` (veto, execute, record). Durable points are the veto's
 * interrupt and the end (runs use durability "exit"), and both sit on a node boundary:
 * `assess`'s result is checkpointed before anyone is asked, and a resumed run re-enters
 * `act`, where interrupt() returns the stored answer and effects are idempotent by key.
 */
export function buildAgentGraph<SD extends StateDefinition, S extends CommonStateValues>(
  state: AnnotationRoot<SD>,
  assess: readonly Stage<S>[],
  versions: AgentVersions,
  checkpointer: BaseCheckpointSaver,
): AgentGraph {
  const reducers = reducersOf(state.spec);
  // LangGraph derives node types from the channels; our stages are typed on each agent's plain
  // state type instead. The builder is seen through this narrow shape, once, here.
  const builder = new StateGraph(state) as unknown as NodeChain;
  const [assessNode, actNode] = AGENT_NODES;
  return builder
    .addNode(assessNode, stageSequence(assess, reducers))
    .addNode(actNode, stageSequence(actStages(versions), reducers))
    .addEdge(START, assessNode)
    .addEdge(assessNode, actNode)
    .addEdge(actNode, END)
    .compile({ checkpointer });
}

/** The part of the StateGraph builder this file uses. */
interface NodeChain {
  addNode<T>(name: string, fn: (state: T, config: LangGraphRunnableConfig) => Promise<Partial<T>>): NodeChain;
  addEdge(from: string, to: string): NodeChain;
  compile(opts: { checkpointer: BaseCheckpointSaver }): AgentGraph;
}
