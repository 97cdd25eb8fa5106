import { Annotation, Command, END, START, StateGraph, interrupt } from "@langchain/langgraph";
import { sandboxCheckpointer } from "../sandbox/checkpoints.ts";
import { installLeanRunContext } from "../agents/shared/lean-run-context.ts";
import { AGENT_NODES } from "../agents/shared/agent-graph.ts";

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
 * The framework's own cost for a graph of the agents' shape (agents/shared/agent-graph.ts:
 * `assess` → `act`, `act` opening with a real interrupt() resumed in-process), with trivial
 * node bodies, on the same sandbox checkpointer and lean run context as a replay. CPU ms
 * per case on one thread, warmed up first. A replayed case that reaches the veto can be no
 * cheaper than this; the difference is the agent's own work.
 */
export async function graphFloorCpuMs(cases = 2000): Promise<number> {
  installLeanRunContext();
  const checkpoints = sandboxCheckpointer();
  const [first, last] = AGENT_NODES;
  const graph = (new StateGraph(FloorState) as unknown as Chain)
    .addNode(first, (s) => ({ steps: (s.steps ?? 0) + 1 }))
    .addNode(last, () => ({ answer: String(interrupt("approve?")) }))
    .addEdge(START, first)
    .addEdge(first, last)
    .addEdge(last, END)
    .compile({ checkpointer: checkpoints.saver });
  const runCase = async (i: number) => {
    const config = { configurable: { thread_id: `floor-${i}` }, durability: "exit" };
    const out = await graph.invoke({ steps: 0 }, config);
    if (Array.isArray(out.__interrupt__)) await graph.invoke(new Command({ resume: "approve" }), config);
    await checkpoints.release(`floor-${i}`);
  };
  for (let i = 0; i < Math.min(500, cases); i++) await runCase(i);
  const before = process.cpuUsage();
  for (let i = 0; i < cases; i++) await runCase(i);
  const cpu = process.cpuUsage(before);
  return Math.round(((cpu.user + cpu.system) / 1000 / cases) * 1000) / 1000;
}
