import { Annotation, Command, END, START, StateGraph, interrupt } from "@langchain/langgraph";
import { sandboxCheckpointer } from "../sandbox/checkpoints.ts";
import { installLeanRunContext } from "../agents/shared/lean-run-context.ts";

/** The path a case takes through each agent's graph when it reaches the veto (node count). */
export const AGENT_PATH_NODES = { "renewal-risk": 9, "lead-triage": 12, "service-routing": 11 } as const;

const FloorState = Annotation.Root({ steps: Annotation<number>(), answer: Annotation<string>() });
type FloorValues = typeof FloorState.State;

/** Just enough of the builder to chain nodes named at run time. */
interface Chain {
  addNode(name: string, fn: (s: FloorValues) => Partial<FloorValues>): Chain;
  addEdge(from: string, to: string): Chain;
  compile(opts: { checkpointer: ReturnType<typeof sandboxCheckpointer>["saver"] }): {
    invoke(input: Partial<FloorValues> | Command, config: Record<string, unknown>): Promise<Record<string, unknown>>;
  };
}

/**
 * The framework's own cost for a graph of an agent's shape: `nodes` trivial nodes in a line,
 * the third from last a real interrupt() resumed in-process, on the same sandbox checkpointer
 * and lean run context as a replay. CPU ms per case on one thread, warmed up first. An
 * agent's replay can be no cheaper than this; the difference is the agent's own work.
 */
export async function graphFloorCpuMs(nodes: number, cases = 2000): Promise<number> {
  installLeanRunContext();
  const checkpoints = sandboxCheckpointer();
  const names = Array.from({ length: nodes }, (_, i) => `step_${i}`);
  const veto = nodes - 3;
  let chain = new StateGraph(FloorState) as unknown as Chain;
  names.forEach((name, i) => {
    chain = chain.addNode(name, i === veto ? () => ({ answer: String(interrupt("approve?")) }) : (s) => ({ steps: (s.steps ?? 0) + 1 }));
  });
  chain = chain.addEdge(START, names[0] ?? END);
  names.forEach((name, i) => (chain = chain.addEdge(name, names[i + 1] ?? END)));
  const graph = chain.compile({ checkpointer: checkpoints.saver });
  const runCase = async (i: number) => {
    const config = { configurable: { thread_id: `floor-${i}` }, durability: "exit" };
    const first = await graph.invoke({ steps: 0 }, config);
    if (Array.isArray(first.__interrupt__)) await graph.invoke(new Command({ resume: "approve" }), config);
    await checkpoints.release(`floor-${i}`);
  };
  for (let i = 0; i < Math.min(500, cases); i++) await runCase(i);
  const before = process.cpuUsage();
  for (let i = 0; i < cases; i++) await runCase(i);
  const cpu = process.cpuUsage(before);
  return Math.round(((cpu.user + cpu.system) / 1000 / cases) * 1000) / 1000;
}
