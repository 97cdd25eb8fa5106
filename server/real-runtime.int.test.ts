import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime } from "../agents/runtime/runtime.ts";
import { ensureDemoModels } from "../app/demo/models.ts";
import { seedDemo } from "../crm/seed/seed.ts";
import { migrateAll } from "../app/migrations.ts";
import { createJobHandlers } from "../queue/handlers.ts";
import { createInlineQueue, type InlineQueue } from "../queue/inline.ts";
import { requeueStranded } from "../queue/requeue.ts";
import { openTestDb, type TestDb } from "../test/db.ts";
import { createApp } from "./app.ts";
import { listen, type Listening } from "./listen.ts";
import { dbModelService } from "./model-registry.ts";
import { SIGNATURE_HEADER, signBody, TENANT_HEADER } from "./routes/events.ts";
import { createApiKey, dbKeyStore, dbSettingsStore } from "./stores.ts";
import { fuzzRequest, prng, STACK_TRACE } from "../test/server/fuzz-gen.ts";
import { operations, type OpenApiDoc } from "../test/server/openapi-walk.ts";
import { knowledgeSearch, productionJobServices } from "../app/services.ts";

/**
 * The API with the real agent runtime (agents/runtime.ts) on the seeded demo CRM, over
 * loopback HTTP: the inbox story for a lead, and the bounded fuzz, must hold with real
 * graphs, checkpoints and decision records behind the routes.
 */
const TENANT = "demo";
let tdb: TestDb;
let queue: InlineQueue;
let server: Listening;
let keys: Record<"rep" | "manager" | "admin", string>;
let secret: string;
let runtime: Awaited<ReturnType<typeof createRuntime>>;

beforeAll(async () => {
  tdb = await openTestDb();
  await migrateAll(tdb.db);
  await seedDemo(tdb.db, { tenantId: TENANT });
  await ensureDemoModels(tdb.db, TENANT);
  runtime = await createRuntime({ db: tdb.db });
  queue = createInlineQueue({ concurrency: 2 });
  queue.start(createJobHandlers(productionJobServices({ db: tdb.db, runtime, queue })));
  const store = dbKeyStore(tdb.db);
  keys = {
    rep: (await createApiKey(store, { tenantId: TENANT, role: "rep" })).key,
    manager: (await createApiKey(store, { tenantId: TENANT, role: "manager" })).key,
    admin: (await createApiKey(store, { tenantId: TENANT, role: "admin" })).key,
  };
  secret = (await dbSettingsStore(tdb.db).webhookSecret(TENANT, { create: true })) as string;
  const app = createApp({ db: tdb.db, runtime, queue, searchKnowledge: knowledgeSearch(tdb.db), models: dbModelService(tdb.db), sse: { pollMs: 20, maxMs: 60_000 } });
  server = await listen(app, { port: 0, hostname: "127.0.0.1" });
});

afterAll(async () => {
  await server?.close();
  await queue?.close();
  await tdb?.cleanup();
});

const h = (role: keyof typeof keys, json = false) => ({ authorization: `Bearer ${keys[role]}`, ...(json ? { "content-type": "application/json" } : {}) });

describe("API with the real agent runtime", () => {
  it("takes a lead from run to inbox to a recorded human answer", async () => {
    // Given a rep starts lead triage for a seeded lead
    const start = await fetch(`${server.url}/v1/runs`, { method: "POST", headers: h("rep", true), body: JSON.stringify({ subject: { type: "lead", id: "lead-0001" } }) });
    expect(start.status).toBe(202);
    const { runId } = (await start.json()) as { runId: string };
    // When its events are streamed
    const text = await (await fetch(`${server.url}/v1/runs/${runId}/events`, { headers: h("rep") })).text();
    const events = [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1] as string) as { seq: number; type: string });
    // Then they are in order and end with a terminal event
    expect(events.map((e) => e.seq)).toEqual(events.map((_e, i) => (events[0]?.seq ?? 1) + i));
    expect(["waiting_approval", "completed", "failed"]).toContain(events.at(-1)?.type);
    if (events.at(-1)?.type !== "waiting_approval") return;
    // And the approval is in the inbox; answering it is recorded in the decision
    const inbox = (await (await fetch(`${server.url}/v1/approvals?status=pending`, { headers: h("manager") })).json()) as { items: Array<{ id: string; runId: string }> };
    const approval = inbox.items.find((a) => a.runId === runId);
    expect(approval).toBeDefined();
    const decided = await fetch(`${server.url}/v1/approvals/${encodeURIComponent(approval?.id ?? "")}/decision`, {
      method: "POST",
      headers: h("manager", true),
      body: JSON.stringify({ answer: "reject", reasonCode: "already_handled", reasonText: "called yesterday" }),
    });
    expect(decided.status).toBe(200);
    const decision = (await (await fetch(`${server.url}/v1/decisions/${runId}`, { headers: h("rep") })).json()) as { status: string; approvals: Array<{ answer: string; reasonCode: string }> };
    expect(decision.approvals).toEqual([expect.objectContaining({ answer: "reject", reasonCode: "already_handled" })]);
    expect(decision.status).toBe("rejected");
  });

  it("re-enqueues a run whose enqueue was lost, and only while it is stranded", async () => {
    // Given a run recorded as queued but never enqueued (Redis was down, or the server restarted)
    const run = await runtime.createRun({ tenantId: TENANT, agent: "lead-triage", subject: { type: "lead", id: "lead-0002" }, requestedBy: { id: "k", role: "rep", tenantId: TENANT } });
    expect(run.status).toBe("queued");
    // When the sweep looks for stranded runs
    const first = await requeueStranded({ db: tdb.db, queue }, { graceSeconds: 0 });
    await queue.idle();
    // Then the run executes, and the next sweep leaves it alone
    expect(first.requeued).toBeGreaterThanOrEqual(1);
    expect((await runtime.getRun(TENANT, run.runId))?.status).not.toBe("queued");
    const { rows } = await tdb.db.pool.query<{ attempts: number }>("SELECT attempts FROM agent_runs WHERE id = $1", [run.runId]);
    expect(rows[0]?.attempts).toBe(1);
    const again = await requeueStranded({ db: tdb.db, queue }, { graceSeconds: 0 });
    expect(again.requeued).toBe(0);
  });

  it("answers a bounded fuzz of every operation without 5xx or stack traces", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as OpenApiDoc;
    const rnd = prng(11);
    const failures: string[] = [];
    for (const o of operations(doc)) {
      for (let i = 0; i < 10; i++) {
        const req = fuzzRequest(doc, o, rnd, 1_000_000);
        const headers: Record<string, string> = { ...h("admin") };
        if (req.contentType) headers["content-type"] = req.contentType;
        if (o.roles.includes("webhook")) Object.assign(headers, { [TENANT_HEADER]: TENANT, [SIGNATURE_HEADER]: signBody(secret, req.body ?? "") });
        const res = await fetch(`${server.url}${req.path}`, { method: req.method, headers, ...(req.body !== undefined ? { body: req.body } : {}) });
        const body = await res.text();
        if (res.status >= 500 || STACK_TRACE.test(body)) failures.push(`${res.status} ${req.method} ${req.path.slice(0, 80)}: ${body.slice(0, 200)}`);
      }
    }
    await queue.idle();
    expect(failures).toEqual([]);
  });
});
