import { beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test/server/harness.ts";

const json = (body: unknown) => ({ "content-type": "application/json", body: JSON.stringify(body) });

async function post(t: TestApp, path: string, role: "rep" | "manager" | "analyst" | "admin", body: unknown): Promise<Response> {
  const { body: b, ...h } = json(body);
  return t.app.request(path, { method: "POST", headers: { ...t.auth(role), ...h }, body: b });
}

describe("API: auth, problems and the approval story (fake runtime)", () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ maxBodyBytes: 2_000 });
  });

  it("rejects a request without a key, with a bad key and with a tampered key as 401 problems", async () => {
    // Given no key, a malformed key and a well-formed key with a wrong secret
    const tampered = `${t.keys.rep.slice(0, -4)}AAAA`;
    for (const authorization of [undefined, "Bearer nope", `Bearer ${tampered}`, t.keys.rep]) {
      // When the inbox is read
      const res = await t.app.request("/v1/approvals", { headers: authorization ? { authorization } : {} });
      // Then it is a 401 problem document
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const p = (await res.json()) as Record<string, unknown>;
      expect(p).toMatchObject({ status: 401, code: "UNAUTHENTICATED", instance: "/v1/approvals" });
      expect(typeof p.type).toBe("string");
      expect(typeof p.title).toBe("string");
    }
  });

  it("answers unknown routes and unknown ids with 404 problems", async () => {
    const route = await t.app.request("/v1/nope", { headers: t.auth("admin") });
    expect(route.status).toBe(404);
    expect(await route.json()).toMatchObject({ code: "NOT_FOUND", status: 404 });
    for (const path of ["/v1/runs/run_404", "/v1/approvals/apr_404", "/v1/decisions/run_404", "/v1/runs/run_404/events", "/v1/evals/e404", "/v1/jobs/fits/j404"]) {
      const res = await t.app.request(path, { headers: t.auth("admin") });
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe("NOT_FOUND");
    }
  });

  it("turns malformed JSON, wrong types and oversized bodies into 400/413 problems without stack traces", async () => {
    // Malformed JSON
    const bad = await t.app.request("/v1/runs", { method: "POST", headers: { ...t.auth("rep"), "content-type": "application/json" }, body: "{not json" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "INPUT_INVALID" });
    // Wrong types: field paths listed
    const wrong = await post(t, "/v1/runs", "rep", { subject: { type: "planet", id: 42 } });
    expect(wrong.status).toBe(400);
    const p = (await wrong.json()) as { errors: Array<{ path: string }>; detail: string };
    expect(p.errors.map((e) => e.path).sort()).toEqual(["json.subject.id", "json.subject.type"]);
    // Too large (limit 2000 bytes in this app)
    const big = await post(t, "/v1/runs", "rep", { subject: { type: "account", id: "A" }, idempotencyKey: "x".repeat(5_000) });
    expect(big.status).toBe(413);
    const q = (await big.json()) as Record<string, unknown>;
    expect(q).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    for (const r of [p, q]) expect(JSON.stringify(r)).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("rejects an agent that does not handle the subject type", async () => {
    const res = await post(t, "/v1/runs", "rep", { agent: "lead-triage", subject: { type: "account", id: "A-1" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ path: string }> }).errors[0]?.path).toBe("json.agent");
  });

  it("runs the story: a rep starts a renewal run, it waits, the rep may not approve, the manager does, the decision shows it", async () => {
    // Given a rep starts a renewal-risk run
    const started = await post(t, "/v1/runs", "rep", { subject: { type: "account", id: "A-1" } });
    expect(started.status).toBe(202);
    const run = (await started.json()) as { runId: string };
    expect(started.headers.get("location")).toBe(`/v1/runs/${run.runId}`);
    await t.queue.idle();
    // Then it waits in the inbox
    const inbox = (await (await t.app.request("/v1/approvals?status=pending", { headers: t.auth("manager") })).json()) as { items: Array<{ id: string; runId: string; requiredRole: string }> };
    expect(inbox.items.map((a) => a.runId)).toEqual([run.runId]);
    const approval = inbox.items[0] as { id: string };
    // When the rep tries to approve a manager's approval: 403 at the route
    const asRep = await post(t, `/v1/approvals/${approval.id}/decision`, "rep", { answer: "approve", reasonCode: "agree" });
    expect(asRep.status).toBe(403);
    // And an analyst cannot decide at all
    expect((await post(t, `/v1/approvals/${approval.id}/decision`, "analyst", { answer: "approve", reasonCode: "agree" })).status).toBe(403);
    // And an edit without edits is a 400
    expect((await post(t, `/v1/approvals/${approval.id}/decision`, "manager", { answer: "edit", reasonCode: "wrong_action" })).status).toBe(400);
    // When the manager approves
    const decided = await post(t, `/v1/approvals/${approval.id}/decision`, "manager", { answer: "approve", reasonCode: "agree", reasonText: "QBR it is" });
    expect(decided.status).toBe(200);
    expect(await decided.json()).toMatchObject({ runId: run.runId, status: "completed" });
    // Then the decision record carries the approval
    const decision = (await (await t.app.request(`/v1/decisions/${run.runId}`, { headers: t.auth("analyst") })).json()) as { approvals: Array<{ answer: string; role: string }> };
    expect(decision.approvals).toEqual([expect.objectContaining({ answer: "approve", role: "manager" })]);
    // And deciding twice is a conflict, not a 500
    const again = await post(t, `/v1/approvals/${approval.id}/decision`, "manager", { answer: "approve", reasonCode: "agree" });
    expect(again.status).toBe(409);
  });

  it("keeps tenants apart: another tenant's run is a 404", async () => {
    const run = (await (await post(t, "/v1/runs", "rep", { subject: { type: "lead", id: "L-1" } })).json()) as { runId: string };
    const res = await t.app.request(`/v1/runs/${run.runId}`, { headers: { authorization: `Bearer ${t.otherTenantKeys.admin}` } });
    expect(res.status).toBe(404);
  });

  it("is idempotent: the same idempotency key returns the same run, executed once", async () => {
    const body = { subject: { type: "ticket", id: "T-1" }, idempotencyKey: "click-1" };
    const a = (await (await post(t, "/v1/runs", "rep", body)).json()) as { runId: string };
    const b = (await (await post(t, "/v1/runs", "rep", body)).json()) as { runId: string };
    await t.queue.idle();
    expect(b.runId).toBe(a.runId);
    expect(t.runtime.executions.get(a.runId)).toBe(1);
  });

  it("serves health, readiness, metrics and an offline docs page", async () => {
    expect(await (await t.app.request("/healthz")).json()).toEqual({ status: "ok" });
    expect(await (await t.app.request("/readyz")).json()).toEqual({ status: "ready", checks: { database: "ok", queue: "ok" } });
    await post(t, "/v1/runs", "rep", { subject: { type: "lead", id: "L-9" } });
    await t.queue.idle();
    const metrics = await (await t.app.request("/metrics")).text();
    expect(metrics).toContain('scenario_http_requests_total{method="POST",route="/v1/runs",status="202"} 1');
    expect(metrics).toContain('scenario_runs_total{agent="lead-triage",status="completed"} 1');
    expect(metrics).toMatch(/scenario_queue_jobs\{queue="agent-runs",state="completed"\} 1/);
    const docs = await t.app.request("/docs");
    const html = await docs.text();
    expect(docs.headers.get("content-type")).toContain("text/html");
    expect(html).toContain("/openapi.json");
    // Offline: no external scripts, styles or fonts
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']https?:/i);
  });

  it("reports readiness failures as 503 with the failing check", async () => {
    await t.queue.close();
    const res = await t.app.request("/readyz");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "unavailable", checks: { database: "ok", queue: expect.stringContaining("unavailable") } });
  });

  it("stores and validates the tenant policy", async () => {
    const put = await t.app.request("/v1/config/policy", {
      method: "PUT",
      headers: { ...t.auth("admin"), "content-type": "application/json" },
      body: JSON.stringify({ agents: { "renewal-risk": { autoExecuteAbove: 0.9 } } }),
    });
    expect(put.status).toBe(200);
    const got = (await (await t.app.request("/v1/config/policy", { headers: t.auth("manager") })).json()) as { agents: Record<string, { autoExecuteAbove: number }> };
    expect(got.agents["renewal-risk"]?.autoExecuteAbove).toBe(0.9);
    const bad = await t.app.request("/v1/config/policy", {
      method: "PUT",
      headers: { ...t.auth("admin"), "content-type": "application/json" },
      body: JSON.stringify({ agents: { "renewal-risk": { autoExecuteAbove: 7 } } }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ path: string }> }).errors[0]?.path).toBe("json.agents.renewal-risk.autoExecuteAbove");
  });

  it("runs thin job resources: ingestion, fits and evals report their results", async () => {
    const ingest = (await (await post(t, "/v1/knowledge/documents", "analyst", { documents: [{ name: "playbook", text: "# Renewals\nCall early." }] })).json()) as { jobId: string };
    const fit = (await (await post(t, "/v1/models/fits", "analyst", { agent: "renewal-risk" })).json()) as { jobId: string };
    const ev = (await (await post(t, "/v1/evals", "analyst", { spec: { suite: "renewals" } })).json()) as { jobId: string };
    await t.queue.idle();
    expect(await (await t.app.request(`/v1/jobs/ingestion/${ingest.jobId}`, { headers: t.auth("analyst") })).json()).toMatchObject({ state: "completed", result: { documents: 1 } });
    expect(await (await t.app.request(`/v1/jobs/fits/${fit.jobId}`, { headers: t.auth("admin") })).json()).toMatchObject({ state: "completed", result: { version: "v2" } });
    expect(await (await t.app.request(`/v1/evals/${ev.jobId}`, { headers: t.auth("manager") })).json()).toMatchObject({ state: "completed", result: { auc: 0.8 } });
    // Another tenant cannot see the job
    expect((await t.app.request(`/v1/evals/${ev.jobId}`, { headers: { authorization: `Bearer ${t.otherTenantKeys.admin}` } })).status).toBe(404);
  });

  it("accepts a document as text or as base64 bytes (a PDF), never both or neither", async () => {
    const pdf = { name: "whitepaper.pdf", contentBase64: Buffer.from("%PDF-1.4 …").toString("base64") };
    expect((await post(t, "/v1/knowledge/documents", "analyst", { documents: [pdf] })).status).toBe(202);
    for (const doc of [{ ...pdf, text: "also text" }, { name: "empty" }, { name: "x.pdf", contentBase64: "not base64!" }]) {
      const res = await post(t, "/v1/knowledge/documents", "analyst", { documents: [doc] });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { errors: Array<{ path: string }> }).errors[0]?.path).toMatch(/^json\.documents\.0\./);
    }
  });

  it("lists permanently failed runs in the admin dead-letter view and retries them", async () => {
    // Given a run whose execution fails with bad input (not retried)
    const { AppError } = await import("../core/errors.ts");
    t.runtime.failNext.push(new AppError("INPUT_INVALID", "subject has no data"));
    const run = (await (await post(t, "/v1/runs", "rep", { subject: { type: "lead", id: "L-bad" } })).json()) as { runId: string };
    await t.queue.idle();
    // Then the run ended failed with the reason, and the admin sees its job once
    expect(await t.runtime.getRun("acme", run.runId)).toMatchObject({ status: "failed", error: "subject has no data" });
    const dl = (await (await t.app.request("/v1/admin/dead-letter?queue=agent-runs", { headers: t.auth("admin") })).json()) as { items: Array<{ id: string; attempts: number; failedReason: string }> };
    expect(dl.items).toEqual([expect.objectContaining({ id: run.runId, attempts: 1, failedReason: "subject has no data" })]);
    expect((await t.app.request("/v1/admin/dead-letter", { headers: t.auth("manager") })).status).toBe(403);
    // When the admin retries it, it runs again and completes
    const retry = await t.app.request(`/v1/admin/dead-letter/agent-runs/${run.runId}/retry`, { method: "POST", headers: t.auth("admin") });
    expect(await retry.json()).toEqual({ requeued: true });
    await t.queue.idle();
    expect((await t.runtime.getRun("acme", run.runId))?.status).toBe("completed");
  });
});
