import type { Graph as DrawableGraph } from "@langchain/core/runnables/graph";
import { Annotation, Command, END, START, StateGraph, interrupt, type BaseCheckpointSaver } from "@langchain/langgraph";
import { getAgent } from "../agents/index.ts";
import type { AgentGraph } from "../agents/registry-types.ts";
import { DECISION_TAIL } from "../agents/shared/decision-tail.ts";
import type { AgentName } from "../cases/schema.ts";
import { sandboxCheckpointer } from "./checkpoints.ts";
import { runUntilPause } from "./run-case.ts";

/** The node that asks a person: in the floor too it stops the run with a real interrupt(). */
const VETO = DECISION_TAIL[0];

/** A compiled graph's shape: its nodes, plain edges and conditional edges with their destinations. */
export interface Topology {
  nodes: string[];
  edges: [from: string, to: string][];
  branches: Map<string, string[]>;
}

/** The shape of a compiled graph as LangGraph draws it (`getGraphAsync()`), START and END included as edge ends. */
export function topologyOf(drawn: DrawableGraph): Topology {
  const nodes = Object.keys(drawn.nodes).filter((n) => n !== START && n !== END);
  const edges: [string, string][] = [];
  const branches = new Map<string, string[]>();
  for (const e of drawn.edges) {
    if (!e.conditional) edges.push([e.source, e.target]);
    else branches.set(e.source, [...(branches.get(e.source) ?? []), e.target]);
  }
  return { nodes, edges, branches };
}

/**
 * At each branch, the destination on the longest way to END (the graphs are acyclic): the
 * floor's case takes the full path — every stage, the veto's interrupt and the resume — the
 * most LangGraph work any real case does.
 */
export function longestWay(t: Topology): Map<string, string> {
  const next = new Map<string, string[]>();
  for (const [from, to] of t.edges) next.set(from, [...(next.get(from) ?? []), to]);
  for (const [from, to] of t.branches) next.set(from, [...(next.get(from) ?? []), ...to]);
  const depth = new Map<string, number>();
  const depthOf = (n: string): number => {
    if (n === END) return 0;
    const known = depth.get(n);
    if (known !== undefined) return known;
    const d = 1 + Math.max(0, ...(next.get(n) ?? []).map(depthOf));
    depth.set(n, d);
    return d;
  };
  const choice = new Map<string, string>();
  for (const [from, to] of t.branches) choice.set(from, to.reduce((a, b) => (depthOf(b) > depthOf(a) ? b : a)));
  return choice;
}

/** What a floor graph needs of a compiled graph. */
export type FloorGraph = Pick<AgentGraph, "invoke" | "stream">;

/** Just enough of the builder to add nodes and edges named at run time. */
interface Chain {
  addNode(name: string, fn: (state: unknown) => Record<string, unknown>): Chain;
  addEdge(from: string, to: string): Chain;
  addConditionalEdges(from: string, route: () => string, destinations: string[]): Chain;
  compile(opts: { checkpointer: BaseCheckpointSaver }): FloorGraph;
}

/**
 * LangGraph's floor for an agent: the agent's compiled topology (same nodes, edges,
 * conditional edges with the same destination lists) over the agent's own state channels,
 * with trivial bodies — each node writes one timing, the veto node calls interrupt() and
 * returns the answer on resume, every branch takes the longest way. `veto: "pass"` (to
 * measure what the interrupt and the resume cost) lets the veto node through without asking.
 */
export async function floorGraph(
  agent: AgentName,
  checkpointer: BaseCheckpointSaver,
  opts: { veto?: "interrupt" | "pass" } = {},
): Promise<{ graph: FloorGraph; topology: Topology }> {
  const def = getAgent(agent);
  const topology = topologyOf(await def.build(checkpointer).getGraphAsync());
  const way = longestWay(topology);
  // Node names are read at run time, so the builder is seen through a narrow structural type.
  let chain = new StateGraph(Annotation.Root(def.stateSpec)) as unknown as Chain;
  for (const node of topology.nodes) {
    const asks = node === VETO && opts.veto !== "pass";
    chain = chain.addNode(node, asks ? () => ({ status: String(interrupt("approve?")) === "approve" ? "running" : "rejected" }) : () => ({ timings: { [node]: 0 } }));
  }
  for (const [from, to] of topology.edges) chain = chain.addEdge(from, to);
  for (const [from, to] of topology.branches) {
    const chosen = way.get(from) ?? END;
    chain = chain.addConditionalEdges(from, () => chosen, to);
  }
  return { graph: chain.compile({ checkpointer }), topology };
}

/** The floor's cost per case, as a replay runs one: CPU ms on one thread after a warm-up. */
export interface FloorCost {
  cpuMsPerCase: number;
  nodes: number;
  /** Conditional edges (branches) in the graph. */
  branches: number;
}

/**
 * A floor case run the way a replay runs one (sandbox/run-case.ts): stream "updates" with
 * durability "exit" on the sandbox checkpointer, interrupt at the veto, resume with
 * `Command({ resume })`, release the thread.
 */
export async function floorRunner(agent: AgentName): Promise<{ runCase(i: number): Promise<void>; topology: Topology }> {
  const checkpoints = sandboxCheckpointer();
  const { graph, topology } = await floorGraph(agent, checkpoints.saver);
  return {
    topology,
    async runCase(i) {
      const config = { configurable: { thread_id: `floor-${i}` }, durability: "exit" };
      if (await runUntilPause(graph, { subject: { type: "account", id: `A-${i}` }, asOf: "2026-01-01" }, config)) {
        await runUntilPause(graph, new Command({ resume: "approve" }), config);
      }
      await checkpoints.release(`floor-${i}`);
    },
  };
}

/**
 * LangGraph's floor for the agent's graph in CPU ms per case on this thread: `warm` cases
 * first, then `cases` measured, or until `budgetMs` of CPU is spent when that comes first.
 */
export async function graphFloorCpuMs(agent: AgentName, cases = 2000, opts: { warm?: number; budgetMs?: number } = {}): Promise<FloorCost> {
  const { runCase, topology } = await floorRunner(agent);
  const warm = opts.warm ?? Math.min(500, cases);
  for (let i = 0; i < warm; i++) await runCase(i);
  const before = process.cpuUsage();
  const spent = () => {
    const cpu = process.cpuUsage(before);
    return (cpu.user + cpu.system) / 1000;
  };
  let n = 0;
  while (n < cases && (opts.budgetMs === undefined || spent() < opts.budgetMs)) await runCase(warm + n++);
  return { cpuMsPerCase: Math.round((spent() / Math.max(1, n)) * 1000) / 1000, nodes: topology.nodes.length, branches: topology.branches.size };
}
