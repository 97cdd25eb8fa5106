import { describe, expect, it } from "vitest";
import { AppError } from "../core/errors.ts";
import { createInlineQueue } from "./inline.ts";
import type { JobHandlers } from "./types.ts";

/** Handlers where only agent-runs does something; the test supplies it. */
function handlers(agentRuns: JobHandlers["agent-runs"]): JobHandlers {
  const none = async () => undefined;
  return { "agent-runs": agentRuns, ingestion: none, fits: none, "eval-runs": none, "scheduled-scans": none };
}

describe("inline queue", () => {
  it("runs jobs in the background with at most `concurrency` at once", async () => {
    // Given a queue with concurrency 3 and 12 slow-ish jobs
    const q = createInlineQueue({ concurrency: 3, backoffMs: 1 });
    let running = 0;
    let peak = 0;
    const done: string[] = [];
    q.start(
      handlers(async ({ runId }) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        done.push(runId);
      }),
    );
    // When they are enqueued
    for (let i = 0; i < 12; i++) await q.add("agent-runs", { tenantId: "t", runId: `r${i}` }, { jobId: `r${i}` });
    await q.idle();
    // Then all ran, never more than 3 at a time
    expect(done.sort()).toEqual(Array.from({ length: 12 }, (_v, i) => `r${i}`).sort());
    expect(peak).toBe(3);
    expect((await q.counts())["agent-runs"]).toMatchObject({ completed: 12, active: 0, waiting: 0 });
  });

  it("dedupes by jobId while the job exists", async () => {
    const q = createInlineQueue({ concurrency: 1 });
    let calls = 0;
    q.start(handlers(async () => void calls++));
    await Promise.all([1, 2, 3].map(() => q.add("agent-runs", { tenantId: "t", runId: "same" }, { jobId: "same" })));
    await q.idle();
    await q.add("agent-runs", { tenantId: "t", runId: "same" }, { jobId: "same" });
    await q.idle();
    expect(calls).toBe(1);
  });

  it("retries transient failures with backoff and gives up on bad input at once", async () => {
    const q = createInlineQueue({ concurrency: 2, backoffMs: 1, attempts: 4 });
    const attempts = new Map<string, number>();
    q.start(
      handlers(async ({ runId }, ctx) => {
        attempts.set(runId, ctx.attempt);
        if (runId === "flaky" && ctx.attempt < 3) throw new AppError("DB_UNAVAILABLE", "connection reset");
        if (runId === "bad") throw new AppError("INPUT_INVALID", "no such subject");
        if (runId === "down") throw new Error("always down");
        return "ok";
      }),
    );
    for (const id of ["flaky", "bad", "down"]) await q.add("agent-runs", { tenantId: "t", runId: id }, { jobId: id });
    await q.idle();
    expect(await q.getJob("agent-runs", "flaky")).toMatchObject({ state: "completed", attempts: 3, result: "ok" });
    expect(await q.getJob("agent-runs", "bad")).toMatchObject({ state: "failed", attempts: 1, failedReason: "no such subject" });
    expect(await q.getJob("agent-runs", "down")).toMatchObject({ state: "failed", attempts: 4 });
    expect((await q.listFailed("agent-runs", 10)).map((j) => j.id).sort()).toEqual(["bad", "down"]);
  });

  it("close waits for running jobs and refuses new ones", async () => {
    const q = createInlineQueue({ concurrency: 1 });
    let finished = false;
    q.start(
      handlers(async () => {
        await new Promise((r) => setTimeout(r, 20));
        finished = true;
      }),
    );
    await q.add("agent-runs", { tenantId: "t", runId: "r" });
    await new Promise((r) => setTimeout(r, 1));
    await q.close();
    expect(finished).toBe(true);
    await expect(q.add("agent-runs", { tenantId: "t", runId: "x" })).rejects.toMatchObject({ code: "QUEUE_UNAVAILABLE" });
  });
});
