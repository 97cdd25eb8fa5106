import { describe, expect, it } from "vitest";
import { createFakeRuntime } from "../test/server/fake-runtime.ts";
import { fakeDb } from "../test/server/memory-stores.ts";
import { createJobHandlers } from "./handlers.ts";
import { createInlineQueue } from "./inline.ts";
import { isoWeek } from "./renewal-scan.ts";

describe("job handlers", () => {
  it("agent-runs executes the run and reports its status", async () => {
    const runtime = createFakeRuntime();
    const queue = createInlineQueue({ concurrency: 1 });
    const run = await runtime.createRun({ tenantId: "t", agent: "lead-triage", subject: { type: "lead", id: "L" }, requestedBy: { id: "k", role: "rep", tenantId: "t" } });
    const h = createJobHandlers({ db: fakeDb(), runtime, queue });
    expect(await h["agent-runs"]({ tenantId: "t", runId: run.runId }, { jobId: run.runId, attempt: 1, finalAttempt: false })).toEqual({ runId: run.runId, status: "completed" });
    expect(runtime.executions.get(run.runId)).toBe(1);
  });

  it("the approval sweep asks the runtime to escalate or expire stale approvals", async () => {
    const runtime = createFakeRuntime();
    let swept = 0;
    runtime.expireStale = async () => {
      swept++;
      return { escalated: 2, expired: 1 };
    };
    const h = createJobHandlers({ db: fakeDb(), runtime, queue: createInlineQueue({ concurrency: 1 }) });
    expect(await h["scheduled-scans"]({ kind: "approval-sweep" }, { jobId: "s", attempt: 1, finalAttempt: false })).toEqual({ escalated: 2, expired: 1, requeued: 0 });
    expect(swept).toBe(1);
  });

  it("fails unwired services with bad input, so the job is not retried", async () => {
    const h = createJobHandlers({ db: fakeDb(), runtime: createFakeRuntime(), queue: createInlineQueue({ concurrency: 1 }) });
    await expect(h.fits({ tenantId: "t", agent: "renewal-risk", params: {}, requestedBy: "k" }, { jobId: "f", attempt: 1, finalAttempt: false })).rejects.toMatchObject({ code: "INPUT_INVALID" });
  });

  it.each([
    ["2026-01-01T12:00:00Z", "2026-W01"],
    ["2024-12-30T00:00:00Z", "2025-W01"],
    ["2027-01-01T00:00:00Z", "2026-W53"],
    ["2026-06-01T00:00:00Z", "2026-W23"],
  ])("renewal scan weeks: %s is %s", (date, week) => {
    expect(isoWeek(new Date(date))).toBe(week);
  });
});
