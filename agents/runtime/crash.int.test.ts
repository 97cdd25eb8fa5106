import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, type TestDb } from "../../test/db.ts";
import { config } from "../../config/index.ts";
import { createRuntime, type LiveRuntime } from "./runtime.ts";
import { manager, rep, seedRuntimeTenant } from "../../test/runtime-tenant.ts";

const child = fileURLToPath(new URL("../../test/crash-child.ts", import.meta.url));
const url = config().TEST_DATABASE_URL;

/** Run the child until it kills itself (or finishes); resolves with how it ended. */
function crashChild(args: string[]): Promise<{ signal: NodeJS.Signals | null; code: number | null; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", child, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("close", (code, signal) => resolve({ code, signal, err }));
  });
}

let t: TestDb;
let runtime: LiveRuntime;
let accountId: string;

describe.skipIf(!url)("exactly-once effects when the process dies at each step (real Postgres)", () => {
  beforeEach(async () => {
    t = await openTestDb();
    ({ accountId } = await seedRuntimeTenant(t.db));
    runtime = await createRuntime({ db: t.db, llm: undefined });
  });
  afterEach(() => t.cleanup());

  const effects = async () =>
    (await t.db.pool.query<{ idempotency_key: string }>(`SELECT idempotency_key FROM crm_actions WHERE tenant_id = 't1' ORDER BY idempotency_key`)).rows.map((r) => r.idempotency_key);
  /** The dead process's lease is over: another worker may take the run. */
  const expireLease = (runId: string) => t.db.pool.query(`UPDATE agent_runs SET lease_until = now() - interval '1 second' WHERE id = $1`, [runId]);

  for (const crashAt of ["load_context", "score_account", "draft_brief", "policy_gate"]) {
    it(`before the veto: killed after ${crashAt}, another process takes over and waits at the veto`, async () => {
      const run = await runtime.createRun({ tenantId: "t1", agent: "renewal-risk", subject: { type: "account", id: accountId }, requestedBy: rep() });
      const died = await crashChild([url!, t.schema, "t1", run.runId, crashAt]);
      expect(died.signal, died.err).toBe("SIGKILL");
      await expireLease(run.runId);
      const resumed = await runtime.executeRun("t1", run.runId);
      expect(resumed.status).toBe("waiting_approval");
      expect(await runtime.listApprovals("t1", { status: "pending" })).toHaveLength(1);
      expect(await effects()).toEqual([]);
    });
  }

  for (const crashAt of ["human_veto", "after_apply", "execute_actions", "record_decision"]) {
    it(`after approval: killed at ${crashAt}, the takeover never applies an action twice`, async () => {
      const run = await runtime.createRun({ tenantId: "t1", agent: "renewal-risk", subject: { type: "account", id: accountId }, requestedBy: rep() });
      await runtime.executeRun("t1", run.runId);
      const [approval] = await runtime.listApprovals("t1", { status: "pending" });
      const died = await crashChild([url!, t.schema, "t1", run.runId, crashAt, approval!.id]);
      expect(died.signal, died.err).toBe("SIGKILL");
      await expireLease(run.runId);
      const done = await runtime.executeRun("t1", run.runId);
      expect(done.status).toBe("completed");
      const keys = await effects();
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.sort()).toEqual(done.decision!.executed.map((e) => e.idempotencyKey).sort());
      expect(done.decision!.executed.length).toBe(done.decision!.proposedActions.length);
      // And a second answer after all this is still refused.
      await expect(runtime.decide({ tenantId: "t1", approvalId: approval!.id, by: manager(), answer: "approve", reasonCode: "agree" })).rejects.toMatchObject({ code: "APPROVAL_STATE" });
    });
  }
});
