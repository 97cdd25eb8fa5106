import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Role } from "../core/principal.ts";
import { migrateAll } from "../app/migrations.ts";
import { createBullQueue, startBullWorkers, type WorkerPool } from "../queue/bullmq.ts";
import { createJobHandlers } from "../queue/handlers.ts";
import { createInlineQueue } from "../queue/inline.ts";
import { scanRenewals } from "../queue/renewal-scan.ts";
import { dropPrefix, freshPrefix } from "../test/queue/redis.ts";
import type { JobQueue } from "../queue/types.ts";
import { openTestDb, REDIS_SKIP_REASON, testRedisUrl, type TestDb } from "../test/db.ts";
import { createApp } from "./app.ts";
import { ROLES } from "../core/principal.ts";
import { listen, type Listening } from "./listen.ts";
import { createMetrics } from "./metrics.ts";
import { dbModelService } from "./model-registry.ts";
import { SIGNATURE_HEADER, signBody, TENANT_HEADER } from "./routes/events.ts";
import { createApiKey, dbKeyStore, dbSettingsStore } from "./stores.ts";
import { createFakeRuntime, type FakeRuntime } from "../test/server/fake-runtime.ts";
import { fuzzRequest, prng, STACK_TRACE } from "../test/server/fuzz-gen.ts";
import { operations, type OpenApiDoc } from "../test/server/openapi-walk.ts";

/**
 * The API over a real HTTP server on loopback, with keys, tenant settings and readiness on
 * real Postgres (fresh schema), and jobs on real Redis + a BullMQ worker when
 * TEST_REDIS_URL is set (inline otherwise). The agent runtime is the in-memory fake until
 * agents/runtime.ts is wired in.
 */
const TENANT = "demo";
const redisUrl = testRedisUrl();

interface Stack {
  tdb: TestDb;
  runtime: FakeRuntime;
  queue: JobQueue;
  server: Listening;
  keys: Record<Role, string>;
  secret: string;
  close(): Promise<void>;
}

async function startStack(useRedis: boolean): Promise<Stack> {
  const tdb = await openTestDb();
  await migrateAll(tdb.db);
  const runtime = createFakeRuntime();
  const metrics = createMetrics({ defaultMetrics: false });
  let queue: JobQueue;
  let pool: WorkerPool | undefined;
  const prefix = freshPrefix();
  if (useRedis && redisUrl) {
    queue = createBullQueue({ url: redisUrl, prefix, backoffMs: 10 });
    pool = startBullWorkers({ url: redisUrl, prefix, concurrency: 2, handlers: createJobHandlers({ db: tdb.db, runtime, queue, onRunExecuted: metrics.runExecuted }) });
  } else {
    const inline = createInlineQueue({ concurrency: 2, backoffMs: 10 });
    inline.start(createJobHandlers({ db: tdb.db, runtime, queue: inline, onRunExecuted: metrics.runExecuted }));
    queue = inline;
  }
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) keys[role] = (await createApiKey(dbKeyStore(tdb.db), { tenantId: TENANT, role, name: `int-${role}` })).key;
  const secret = (await dbSettingsStore(tdb.db).webhookSecret(TENANT, { create: true })) as string;
  const app = createApp({ db: tdb.db, runtime, queue, metrics, models: dbModelService(tdb.db), maxBodyBytes: 32_000, sse: { pollMs: 20, maxMs: 20_000 } });
  const server = await listen(app, { port: 0, hostname: "127.0.0.1" });
  return {
    tdb,
    runtime,
    queue,
    server,
    keys,
    secret,
    async close() {
      await server.close();
      await pool?.close();
      await queue.close();
      if (useRedis && redisUrl) await dropPrefix(redisUrl, prefix);
      await tdb.cleanup();
    },
  };
}

const auth = (s: Stack, role: Role) => ({ authorization: `Bearer ${s.keys[role]}` });

async function readSse(res: Response): Promise<Array<{ event: string; seq: number }>> {
  const text = await res.text();
  return text
    .split("\n\n")
    .filter((b) => b.includes("data:"))
    .map((b) => {
      const event = /^event: (.*)$/m.exec(b)?.[1] ?? "";
      const data = JSON.parse(/^data: (.*)$/m.exec(b)?.[1] ?? "{}") as { seq: number };
      return { event, seq: data.seq };
    });
}

for (const mode of ["inline", "redis"] as const) {
  describe.skipIf(mode === "redis" && !redisUrl)(`API over HTTP, jobs ${mode}${mode === "redis" && !redisUrl ? ` (${REDIS_SKIP_REASON})` : ""}`, () => {
    let s: Stack;
    beforeEach(async () => {
      s = await startStack(mode === "redis");
    });
    afterEach(async () => {
      await s.close();
    });

    it("runs the curl story: start a renewal run, stream it to the inbox, manager approves, decision readable", async () => {
      // Given a rep starts a run over HTTP
      const started = await fetch(`${s.server.url}/v1/runs`, {
        method: "POST",
        headers: { ...auth(s, "rep"), "content-type": "application/json" },
        body: JSON.stringify({ subject: { type: "account", id: "A-1" } }),
      });
      expect(started.status).toBe(202);
      const { runId } = (await started.json()) as { runId: string };
      // When the client streams its events (the worker executes meanwhile)
      const events = await readSse(await fetch(`${s.server.url}/v1/runs/${runId}/events`, { headers: auth(s, "rep") }));
      // Then they arrive in order and end with the wait for approval
      expect(events.map((e) => e.seq)).toEqual(events.map((_e, i) => i + 1));
      expect(events.at(-1)?.event).toBe("waiting_approval");
      // And the manager finds and approves it
      const inbox = (await (await fetch(`${s.server.url}/v1/approvals?status=pending`, { headers: auth(s, "manager") })).json()) as { items: Array<{ id: string }> };
      const approvalId = inbox.items[0]?.id as string;
      const asRep = await fetch(`${s.server.url}/v1/approvals/${approvalId}/decision`, {
        method: "POST",
        headers: { ...auth(s, "rep"), "content-type": "application/json" },
        body: JSON.stringify({ answer: "approve", reasonCode: "agree" }),
      });
      expect(asRep.status).toBe(403);
      const decided = await fetch(`${s.server.url}/v1/approvals/${approvalId}/decision`, {
        method: "POST",
        headers: { ...auth(s, "manager"), "content-type": "application/json" },
        body: JSON.stringify({ answer: "approve", reasonCode: "agree", reasonText: "go" }),
      });
      expect(decided.status).toBe(200);
      const decision = (await (await fetch(`${s.server.url}/v1/decisions/${runId}`, { headers: auth(s, "rep") })).json()) as { status: string; approvals: unknown[] };
      expect(decision.status).toBe("completed");
      expect(decision.approvals).toHaveLength(1);
      expect(s.runtime.executions.get(runId)).toBe(1);
    });

    it("checks keys against Postgres: revoked keys stop working", async () => {
      expect((await fetch(`${s.server.url}/v1/approvals`, { headers: auth(s, "analyst") })).status).toBe(200);
      await s.tdb.db.pool.query("UPDATE api_keys SET revoked_at = now() WHERE name = 'int-analyst'");
      expect((await fetch(`${s.server.url}/v1/approvals`, { headers: auth(s, "analyst") })).status).toBe(401);
      const stored = await s.tdb.db.pool.query<{ key_hash: string }>("SELECT key_hash FROM api_keys");
      // Only hashes are stored: no row holds a key
      for (const k of Object.values(s.keys)) expect(stored.rows.some((r) => r.key_hash === k || k.includes(r.key_hash))).toBe(false);
    });

    it("verifies the webhook against the tenant's stored secret and dedupes by event id", async () => {
      const body = JSON.stringify({ id: "evt-1", type: "ticket.created", data: { id: "T-1" } });
      const send = (sig: string) =>
        fetch(`${s.server.url}/v1/events`, { method: "POST", headers: { "content-type": "application/json", [TENANT_HEADER]: TENANT, [SIGNATURE_HEADER]: sig }, body });
      expect((await send("sha256=deadbeef")).status).toBe(401);
      const a = (await (await send(signBody(s.secret, body))).json()) as { runId: string };
      const b = (await (await send(signBody(s.secret, body))).json()) as { runId: string };
      expect(b.runId).toBe(a.runId);
    });

    it("stores the tenant policy in tenant_settings without touching the webhook secret", async () => {
      const put = await fetch(`${s.server.url}/v1/config/policy`, {
        method: "PUT",
        headers: { ...auth(s, "admin"), "content-type": "application/json" },
        body: JSON.stringify({ agents: { "lead-triage": { alertThreshold: 0.7, alwaysAsk: ["merge_record"] } } }),
      });
      expect(put.status).toBe(200);
      const got = (await (await fetch(`${s.server.url}/v1/config/policy`, { headers: auth(s, "analyst") })).json()) as { agents: Record<string, { alertThreshold: number }> };
      expect(got.agents["lead-triage"]?.alertThreshold).toBe(0.7);
      expect(await dbSettingsStore(s.tdb.db).webhookSecret(TENANT)).toBe(s.secret);
      // Stored where the runtime reads it (agents/runtime/context.ts tenantPolicy)
      const { tenantPolicy } = await import("../agents/runtime/context.ts");
      expect((await tenantPolicy(s.tdb.db, TENANT, "lead-triage")).alwaysAsk).toEqual(["merge_record"]);
    });

    it("promotes a model only when it beats the promoted one", async () => {
      // Given two fitted renewal-risk versions with CV AUC 0.70 and 0.80
      for (const [id, auc] of [["m-70", 0.7], ["m-80", 0.8]] as const) {
        await s.tdb.db.pool.query(`INSERT INTO models (id, tenant_id, agent, version, file) VALUES ($1, $2, 'renewal-risk', $1, $3)`, [id, TENANT, JSON.stringify({ learner: "test", training: { cv: { auc } } })]);
      }
      const promote = (version: string) =>
        fetch(`${s.server.url}/v1/models/promote`, { method: "POST", headers: { ...auth(s, "analyst"), "content-type": "application/json" }, body: JSON.stringify({ agent: "renewal-risk", version }) });
      // When the analyst promotes 0.70, then 0.80, then tries 0.70 again
      expect((await promote("m-70")).status).toBe(200);
      expect(await (await promote("m-80")).json()).toMatchObject({ promoted: "m-80", previous: "m-70" });
      const back = await promote("m-70");
      // Then the worse one is refused with a reason, and 0.80 stays promoted
      expect(back.status).toBe(409);
      expect(((await back.json()) as { detail: string }).detail).toContain("does not beat");
      const list = (await (await fetch(`${s.server.url}/v1/models?agent=renewal-risk`, { headers: auth(s, "manager") })).json()) as { items: Array<{ id: string; status: string }> };
      expect(Object.fromEntries(list.items.map((m) => [m.id, m.status]))).toEqual({ "m-70": "retired", "m-80": "promoted" });
      const cmp = await (await fetch(`${s.server.url}/v1/models/compare?agent=renewal-risk&a=m-70&b=m-80`, { headers: auth(s, "analyst") })).json();
      expect(cmp).toMatchObject({ primaryMetric: "auc", better: "m-80" });
      expect((await promote("m-404")).status).toBe(404);
    });

    it("is ready with the real database and queue, and exposes metrics", async () => {
      expect(await (await fetch(`${s.server.url}/readyz`)).json()).toEqual({ status: "ready", checks: { database: "ok", queue: "ok" } });
      expect(await (await fetch(`${s.server.url}/metrics`)).text()).toContain("scenario_queue_jobs");
    });

    it("scans renewals: accounts renewing in the window get one run each, once per week", async () => {
      const now = new Date("2026-06-01T00:00:00Z");
      await s.tdb.db.pool.query(
        `INSERT INTO accounts (tenant_id, id, renewal_date, renewal_ts) VALUES
         ($1, 'A-soon', '2026-06-20', '2026-06-20T23:59:59Z'), ($1, 'A-late', '2026-12-01', '2026-12-01T23:59:59Z'), ($1, 'A-past', '2026-05-01', '2026-05-01T23:59:59Z')`,
        [TENANT],
      );
      const first = await scanRenewals({ db: s.tdb.db, runtime: s.runtime, queue: s.queue }, { now, windowDays: 30 });
      const second = await scanRenewals({ db: s.tdb.db, runtime: s.runtime, queue: s.queue }, { now, windowDays: 30 });
      expect(first.accounts).toBe(1);
      expect(second.runIds).toEqual(first.runIds);
      const run = await s.runtime.getRun(TENANT, first.runIds[0] as string);
      expect(run?.subject).toEqual({ type: "account", id: "A-soon" });
      // Executed once however often the scan ran (wait for the worker, bounded)
      for (let i = 0; i < 500 && s.runtime.executions.get(run?.runId ?? "") === undefined; i++) await new Promise((r) => setTimeout(r, 10));
      expect(s.runtime.executions.get(run?.runId ?? "")).toBe(1);
    });

    it("survives a bounded fuzz over real HTTP and Postgres: no 5xx, no stack traces", async () => {
      const doc = (await (await fetch(`${s.server.url}/openapi.json`)).json()) as OpenApiDoc;
      const rnd = prng(7);
      const failures: string[] = [];
      for (const o of operations(doc)) {
        for (let i = 0; i < 8; i++) {
          const req = fuzzRequest(doc, o, rnd, 32_000);
          const headers: Record<string, string> = { ...auth(s, "admin") };
          if (req.contentType) headers["content-type"] = req.contentType;
          if (o.roles.includes("webhook")) Object.assign(headers, { [TENANT_HEADER]: TENANT, [SIGNATURE_HEADER]: signBody(s.secret, req.body ?? "") });
          const res = await fetch(`${s.server.url}${req.path}`, { method: req.method, headers, ...(req.body !== undefined ? { body: req.body } : {}) });
          const text = await res.text();
          if (res.status >= 500 || STACK_TRACE.test(text)) failures.push(`${res.status} ${req.method} ${req.path.slice(0, 80)}: ${text.slice(0, 160)}`);
        }
      }
      expect(failures).toEqual([]);
    });
  });
}
