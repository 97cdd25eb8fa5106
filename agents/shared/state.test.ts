import { END, START, StateGraph } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { appendAll, CommonStateAnnotation, keepLast, mergeRecords } from "./state.ts";

describe("common state reducers", () => {
  it("keepLast: the newest write wins, including null", () => {
    expect(keepLast(0.4, 0.9)).toBe(0.9);
    expect(keepLast<number | null>(0.4, null)).toBeNull();
  });

  it("appendAll: writes are appended in order; an empty or missing write changes nothing", () => {
    const prev = ["a"];
    expect(appendAll(prev, ["b", "c"])).toEqual(["a", "b", "c"]);
    expect(appendAll(prev, [])).toBe(prev);
    expect(appendAll(prev, undefined)).toBe(prev);
    expect(prev).toEqual(["a"]);
  });

  it("mergeRecords: a write's keys replace the same keys, others stay", () => {
    const prev = { load: 1, score: 2 };
    expect(mergeRecords(prev, { score: 3, gate: 4 })).toEqual({ load: 1, score: 3, gate: 4 });
    expect(mergeRecords(prev, undefined)).toBe(prev);
    expect(prev).toEqual({ load: 1, score: 2 });
  });

  it("are what the common channels fold a graph's writes with", async () => {
    // Given a graph on the common channels whose two nodes write evidence, details and status in turn
    const graph = new StateGraph(CommonStateAnnotation)
      .addNode("first", () => ({ evidence: [{ source: "a", text: "1" }], details: { grade: "A" }, status: "failed" as const }))
      .addNode("second", () => ({ evidence: [{ source: "b", text: "2" }], details: { grade: "B", queue: "q" }, status: "completed" as const }))
      .addEdge(START, "first")
      .addEdge("first", "second")
      .addEdge("second", END)
      .compile();
    // When it runs
    const out = await graph.invoke({ subject: { type: "account", id: "A-1" }, asOf: "2026-01-01" });
    // Then evidence is appended, details merged with the later write winning, status replaced
    expect(out.evidence.map((e) => e.source)).toEqual(["a", "b"]);
    expect(out.details).toEqual({ grade: "B", queue: "q" });
    expect(out.status).toBe("completed");
  });
});
