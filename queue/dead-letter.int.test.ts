import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRuntime, type LiveRuntime } from "../agents/runtime/runtime.ts";
import { openTestDb, type TestDb } from "../test/db.ts";
import { manager, seedRuntimeTenant } from "../test/runtime-tenant.ts";
import { createJobHandlers } from "./handlers.ts";
import { createInlineQueue, type InlineQueue } from "./inline.ts";

/**
 * A run whose job is dead-lettered must end `failed` with the reason, never read `running`
 * forever (an invalid stored policy used to do exactly that: CONFIG_INVALID was permanent
 * for the queue but not for the runtime, which released the run and rethrew).
 */
describe("dead-lettered runs", () => {
  let t: TestDb;
  let runtime: LiveRuntime;
  let queue: InlineQueue;

  beforeEach(async () => {
    t = await openTestDb();
    await seedRuntimeTenant(t.db);
    runtime = await createRuntime({ db: t.db, llm: undefined });
    queue = createInlineQueue({ concurrency: 1, backoffMs: 1 });
    queue.start(createJobHandlers({ db: t.db, runtime, queue }));
  });
  afterEach(async () => {
    await queue.close();
    await t.cleanup();
  });

  it("ends a run failed, with the reason, when its policy is invalid (a permanent failure)", async () => {
    // Given a tenant whose stored renewal policy has a setting of the wrong type
    const policy = { agents: { "renewal-risk": { settings: { saveOfferPct: "lots" } } } };
    await t.db.pool.query(`UPDATE tenant_settings SET settings = $2 WHERE tenant_id = $1`, ["t1", JSON.stringify({ policy })]);
    // When a run is queued and its job runs
    const run = await runtime.createRun({ tenantId: "t1", agent: "renewal-risk", subject: { type: "account", id: "A-2" }, requestedBy: manager() });
    await queue.add("agent-runs", { tenantId: "t1", runId: run.runId }, { jobId: run.runId });
    await queue.idle();
    // Then the job is dead-lettered after one attempt and the run is failed with the reason
    const [failedJob] = await queue.listFailed("agent-runs", 10);
    expect(failedJob).toMatchObject({ id: run.runId, attempts: 1 });
    const after = await runtime.getRun("t1", run.runId);
    expect(after?.status).toBe("failed");
    expect(after?.error).toMatch(/settings\.saveOfferPct/);
    const events = await runtime.listRunEvents("t1", run.runId);
    expect(events.at(-1)).toMatchObject({ type: "failed" });
    // And once the policy is fixed, reopening the run and retrying its job runs it to the veto
    await t.db.pool.query(`UPDATE tenant_settings SET settings = '{}' WHERE tenant_id = $1`, ["t1"]);
    expect(await runtime.reopenRun("t1", run.runId, manager())).toBe(true);
    expect(await queue.retryFailed("agent-runs", run.runId)).toBe(true);
    await queue.idle();
    expect((await runtime.getRun("t1", run.runId))?.status).toMatch(/^(waiting_approval|completed)$/);
    expect((await runtime.listRunEvents("t1", run.runId)).map((e) => e.type)).toContain("requeued");
  });

  it("ends a run failed when a transient failure outlasts every attempt", async () => {
    // Given a run whose execution fails transiently on every attempt
    const run = await runtime.createRun({ tenantId: "t1", agent: "renewal-risk", subject: { type: "account", id: "A-2" }, requestedBy: manager() });
    const failing = createInlineQueue({ concurrency: 1, backoffMs: 1, attempts: 3 });
    let attempts = 0;
    const flaky = {
      ...runtime,
      executeRun: async () => {
        attempts++;
        throw new Error("connection reset by peer");
      },
    };
    failing.start(createJobHandlers({ db: t.db, runtime: flaky, queue: failing }));
    // When its job runs out of attempts
    await failing.add("agent-runs", { tenantId: "t1", runId: run.runId }, { jobId: run.runId });
    await failing.idle();
    await failing.close();
    // Then it was tried three times, and the run is failed with the last error, not left queued
    expect(attempts).toBe(3);
    const after = await runtime.getRun("t1", run.runId);
    expect(after).toMatchObject({ status: "failed", error: "connection reset by peer" });
  });
});
