import { Command, END, MemorySaver, START, StateGraph, interrupt } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { CommonStateAnnotation } from "./state.ts";
import { isNodeProgress, timed } from "./timed.ts";

const input = { subject: { type: "account" as const, id: "A-1" }, asOf: "2026-01-01" };

describe("timed nodes", () => {
  it("time themselves into timings under their node name and report progress on the custom stream", async () => {
    // Given a graph of two timed nodes
    const graph = new StateGraph(CommonStateAnnotation)
      .addNode("fetch", timed(() => ({ decision: "x" })))
      .addNode("rate", timed(async () => ({ score: 0.7 })))
      .addEdge(START, "fetch")
      .addEdge("fetch", "rate")
      .addEdge("rate", END)
      .compile();
    // When it runs with the custom and updates streams
    const custom: unknown[] = [];
    const updated: string[] = [];
    let timings: Record<string, number> = {};
    for await (const [mode, chunk] of await graph.stream(input, { streamMode: ["custom", "updates", "values"] })) {
      if (mode === "custom") custom.push(chunk);
      if (mode === "updates") updated.push(...Object.keys(chunk as object));
      if (mode === "values") timings = (chunk as { timings: Record<string, number> }).timings;
    }
    // Then each node's body time is in timings, and progress names each node as it finished
    expect(Object.keys(timings)).toEqual(["fetch", "rate"]);
    expect(Object.values(timings).every((ms) => ms >= 0)).toBe(true);
    expect(custom).toEqual([{ stage: "fetch" }, { stage: "rate" }]);
    expect(custom.every(isNodeProgress)).toBe(true);
    expect(updated).toEqual(["fetch", "rate"]);
  });

  it("record nothing for a node that suspends at an interrupt, and time it once it is resumed", async () => {
    const graph = new StateGraph(CommonStateAnnotation)
      .addNode("veto", timed(() => ({ decision: String(interrupt("approve?")) })))
      .addEdge(START, "veto")
      .addEdge("veto", END)
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "t" } };
    const first = await graph.invoke(input, config);
    expect(first.timings).toEqual({});
    const done = await graph.invoke(new Command({ resume: "approved" }), config);
    expect(done.decision).toBe("approved");
    expect(Object.keys(done.timings)).toEqual(["veto"]);
  });
});
