import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { Command, END, MemorySaver, START, StateGraph, Annotation, interrupt } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { installLeanRunContext } from "./lean-run-context.ts";

const State = Annotation.Root({ asked: Annotation<string>, answer: Annotation<string> });

describe("installLeanRunContext", () => {
  it("still hands the runnable config to code inside a run", () => {
    // Given the lean context installed (twice: idempotent)
    installLeanRunContext();
    installLeanRunContext();
    // When code runs inside runWithConfig
    const seen: unknown = AsyncLocalStorageProviderSingleton.runWithConfig({ configurable: { thread_id: "t-1" } }, () =>
      AsyncLocalStorageProviderSingleton.getRunnableConfig(),
    );
    // Then it reads the config it was given
    expect(seen).toMatchObject({ configurable: { thread_id: "t-1" } });
  });

  it("lets a graph interrupt and resume with the human's answer", async () => {
    // Given a two-node graph whose second node asks a person
    installLeanRunContext();
    const graph = new StateGraph(State)
      .addNode("ask", () => ({ asked: "approve?" }))
      .addNode("veto", (s: typeof State.State) => ({ answer: String(interrupt(s.asked)) }))
      .addEdge(START, "ask")
      .addEdge("ask", "veto")
      .addEdge("veto", END)
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "case-1" }, durability: "exit" as const };
    // When it runs, stops at the interrupt, and is resumed
    const first = await graph.invoke({ asked: "", answer: "" }, config);
    const done = await graph.invoke(new Command({ resume: "yes" }), config);
    // Then the interrupt carried the question and the answer landed in state
    const interrupts: unknown = (first as Record<string, unknown>)["__interrupt__"];
    expect(interrupts).toMatchObject([{ value: "approve?" }]);
    expect(done.answer).toBe("yes");
  });

  it("leaves a run traced by a LangSmith tracer to the library", () => {
    // Given the lean context and a callback handler that presents itself as the tracer
    installLeanRunContext();
    class FakeTracer extends BaseCallbackHandler {
      name = "langchain_tracer";
    }
    const storeIn = (callbacks: BaseCallbackHandler[] | undefined): unknown =>
      AsyncLocalStorageProviderSingleton.runWithConfig({ callbacks }, () => AsyncLocalStorageProviderSingleton.getInstance().getStore());
    // When code runs with and without that tracer
    const traced = storeIn([new FakeTracer()]);
    const plain = storeIn(undefined);
    // Then only the traced run gets the library's run tree in its store (a run id to trace under)
    expect(traced).toHaveProperty("id");
    expect(plain).not.toHaveProperty("id");
  });
});
