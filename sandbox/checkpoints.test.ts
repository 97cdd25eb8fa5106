import { Annotation, Command, END, START, StateGraph, interrupt } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { ReferenceSerde, sandboxCheckpointer } from "./checkpoints.ts";

const State = Annotation.Root({ facts: Annotation<{ arr: number; notes: string[] }>, answer: Annotation<string> });

describe("sandbox checkpoints", () => {
  it("give back the value written and refuse anything else", async () => {
    // Given a value dumped by the reference serializer
    const serde = new ReferenceSerde();
    const value = { arr: 12_000, nested: [1, 2, { a: "b" }] };
    const [type, bytes] = await serde.dumpsTyped(value);
    // When it is loaded back, and when foreign data is offered
    const loaded = await serde.loadsTyped(type, bytes);
    // Then the same value comes back, and JSON text or a released id is an error
    expect(loaded).toEqual(value);
    await expect(serde.loadsTyped("json", new TextEncoder().encode("{\"a\":1}"))).rejects.toThrow(/not a sandbox checkpoint/);
    serde.release();
    await expect(serde.loadsTyped(type, bytes)).rejects.toThrow(/released/);
  });

  it("carry a case across the veto and hold nothing once it is released", async () => {
    // Given a graph that stops at a human veto, checkpointed by the sandbox saver
    const checkpoints = sandboxCheckpointer();
    const graph = new StateGraph(State)
      .addNode("gather", () => ({ facts: { arr: 48_000, notes: ["usage down 40%"] } }))
      .addNode("veto", () => ({ answer: String(interrupt("approve?")) }))
      .addEdge(START, "gather")
      .addEdge("gather", "veto")
      .addEdge("veto", END)
      .compile({ checkpointer: checkpoints.saver });
    const config = { configurable: { thread_id: "case-7" }, durability: "exit" as const };
    // When the case runs, waits, and is resumed with the answer
    await graph.invoke({ answer: "" }, config);
    expect(checkpoints.held()).toBeGreaterThan(0);
    const done = await graph.invoke(new Command({ resume: "approve" }), config);
    await checkpoints.release("case-7");
    // Then the state gathered before the veto survived the resume, and nothing is left behind
    expect(done.facts).toEqual({ arr: 48_000, notes: ["usage down 40%"] });
    expect(done.answer).toBe("approve");
    expect(checkpoints.held()).toBe(0);
    expect(await checkpoints.saver.getTuple(config)).toBeUndefined();
  });
});
