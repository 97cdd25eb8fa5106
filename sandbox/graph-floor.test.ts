import { Command, MemorySaver } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { AGENT_NAMES } from "../cases/schema.ts";
import { getAgent } from "../agents/index.ts";
import { floorGraph, graphFloorCpuMs, longestWay, topologyOf } from "./graph-floor.ts";

describe("LangGraph's floor for an agent's graph", () => {
  for (const agent of AGENT_NAMES) {
    it(`${agent}: same nodes and edges as the agent, and one case walks all of them through the interrupt`, async () => {
      // Given the floor built from the agent's compiled graph
      const { graph, topology } = await floorGraph(agent, new MemorySaver());
      const real = topologyOf(await getAgent(agent).build(new MemorySaver()).getGraphAsync());
      // When a case runs, stops at the veto and is resumed, with every node's updates streamed
      const config = { configurable: { thread_id: "floor-test" }, durability: "exit" };
      const first = await graph.invoke({ subject: { type: "account", id: "A-1" }, asOf: "2026-01-01" }, config);
      const done = await graph.invoke(new Command({ resume: "approve" }), config);
      // Then the shape is the agent's, the run interrupted once, and every node but the veto timed itself
      expect(topology).toEqual(real);
      expect(first.__interrupt__).toMatchObject([{ value: "approve?" }]);
      expect(Object.keys(done.timings as object).sort()).toEqual(topology.nodes.filter((n) => n !== "human_veto").sort());
    });
  }

  it("takes the longest way at each branch", () => {
    const t = { nodes: ["a", "b", "c"], edges: [["__start__", "a"], ["b", "c"], ["c", "__end__"]] as [string, string][], branches: new Map([["a", ["__end__", "b"]]]) };
    expect(longestWay(t).get("a")).toBe("b");
  });

  it("measures a positive CPU cost per case", async () => {
    const cost = await graphFloorCpuMs("renewal-risk", 20);
    expect(cost.cpuMsPerCase).toBeGreaterThan(0);
    expect(cost).toMatchObject({ nodes: 9, branches: 3 });
  });
});
