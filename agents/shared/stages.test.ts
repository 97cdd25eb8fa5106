import { Annotation } from "@langchain/langgraph";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { foldUpdate, reducersOf, stageSequence, type Stage } from "./stages.ts";
import { appendAll, keepLast, mergeRecords } from "./state.ts";

const Spec = Annotation.Root({
  name: Annotation<string>,
  status: Annotation<string>({ reducer: keepLast, default: () => "running" }),
  notes: Annotation<string[]>({ reducer: appendAll, default: () => [] }),
  timings: Annotation<Record<string, number>>({ reducer: mergeRecords, default: () => ({}) }),
});
type S = { name: string; status: string; notes: string[]; timings: Record<string, number> };
const reducers = reducersOf(Spec.spec);
const start: S = { name: "x", status: "running", notes: ["a"], timings: {} };

describe("stage sequences", () => {
  it("folds updates with the channels' own reducers: append, merge, keep last", () => {
    // Given a state with one note, When an update adds a note, a timing and a status
    const next = foldUpdate(start, { notes: ["b"], timings: { t: 1 }, status: "done", name: undefined }, reducers);
    // Then the note is appended, the timing merged, the status replaced, and undefined ignored
    expect(next).toEqual({ name: "x", status: "done", notes: ["a", "b"], timings: { t: 1 } });
    expect(start.notes).toEqual(["a"]);
  });

  it("returns one accumulated update that the graph applies once to the same effect", async () => {
    // Given three stages, the second skipped by `when`, each seeing the earlier updates
    const seen: string[][] = [];
    const stages: Stage<S>[] = [
      { name: "one", run: (s) => (seen.push(s.notes), { notes: ["1"] }) },
      { name: "skipped", run: () => ({ notes: ["never"] }), when: (s) => s.status !== "running" },
      { name: "two", run: (s) => (seen.push(s.notes), { notes: ["2"], status: "ok" }), timed: false },
    ];
    const progress: unknown[] = [];
    const config = { writer: (c: unknown) => progress.push(c) } as unknown as LangGraphRunnableConfig;
    // When the sequence runs as one node
    const update = await stageSequence(stages, reducers)(start, config);
    // Then each stage saw the state so far, the update applied once equals the stage-by-stage state,
    // timed stages are timed, and progress names every stage that ran, in order
    expect(seen).toEqual([["a"], ["a", "1"]]);
    expect(foldUpdate(start, update, reducers)).toMatchObject({ notes: ["a", "1", "2"], status: "ok" });
    expect(Object.keys(update.timings ?? {})).toEqual(["one"]);
    expect(progress).toEqual([{ stage: "one" }, { stage: "two" }]);
  });

  it("stops after a stage whose stopIf holds, and lets a stage's error through unchanged", async () => {
    const failing: Stage<S>[] = [
      { name: "load", run: () => ({ status: "failed" }), stopIf: (s) => s.status === "failed" },
      { name: "after", run: () => ({ notes: ["ran"] }) },
    ];
    const config = {} as LangGraphRunnableConfig;
    const update = await stageSequence(failing, reducers)(start, config);
    expect(update.status).toBe("failed");
    expect(update.notes).toBeUndefined();
    const boom = new Error("tool down");
    const throwing: Stage<S>[] = [{ name: "x", run: () => Promise.reject(boom) }];
    await expect(stageSequence(throwing, reducers)(start, config)).rejects.toBe(boom);
  });
});
