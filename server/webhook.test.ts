import { beforeEach, describe, expect, it } from "vitest";
import { SIGNATURE_HEADER, signBody, TENANT_HEADER } from "./routes/events.ts";
import { createTestApp, TEST_TENANT, WEBHOOK_SECRET_FOR_TESTS, type TestApp } from "../test/server/harness.ts";

async function send(t: TestApp, body: string, headers: Record<string, string>): Promise<Response> {
  return t.app.request("/v1/events", { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
}
const signed = (body: string, secret = WEBHOOK_SECRET_FOR_TESTS, tenant = TEST_TENANT) => ({ [TENANT_HEADER]: tenant, [SIGNATURE_HEADER]: signBody(secret, body) });

describe("CRM events webhook", () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });

  it.each([
    ["lead.created", "lead-triage", "lead"],
    ["ticket.created", "service-routing", "ticket"],
    ["account.updated", "renewal-risk", "account"],
  ])("starts the right agent for %s", async (type, agent, subjectType) => {
    const body = JSON.stringify({ id: `evt-${type}`, type, data: { id: "X-1" } });
    const res = await send(t, body, signed(body));
    expect(res.status).toBe(202);
    const out = (await res.json()) as { runId: string; agent: string };
    expect(out.agent).toBe(agent);
    expect((await t.runtime.getRun(TEST_TENANT, out.runId))?.subject).toEqual({ type: subjectType, id: "X-1" });
  });

  it("is idempotent by event id: a CRM retry returns the same run, executed once", async () => {
    const body = JSON.stringify({ id: "evt-42", type: "lead.created", data: { id: "L-42" } });
    const a = (await (await send(t, body, signed(body))).json()) as { runId: string };
    const b = (await (await send(t, body, signed(body))).json()) as { runId: string };
    await t.queue.idle();
    expect(b.runId).toBe(a.runId);
    expect(t.runtime.executions.get(a.runId)).toBe(1);
  });

  it("rejects missing, wrong and replayed-onto-other-body signatures with 401 and starts nothing", async () => {
    const body = JSON.stringify({ id: "evt-1", type: "lead.created", data: { id: "L-1" } });
    const other = JSON.stringify({ id: "evt-1", type: "lead.created", data: { id: "L-2" } });
    const cases: Array<Record<string, string>> = [
      {},
      { [TENANT_HEADER]: TEST_TENANT },
      { [SIGNATURE_HEADER]: signBody(WEBHOOK_SECRET_FOR_TESTS, body) },
      signed(body, "a-different-secret-of-some-length"),
      signed(other),
      signed(body, WEBHOOK_SECRET_FOR_TESTS, "globex"),
      { [TENANT_HEADER]: TEST_TENANT, [SIGNATURE_HEADER]: "sha256=zz" },
    ];
    for (const headers of cases) {
      const res = await send(t, body, headers);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe("UNAUTHENTICATED");
    }
    expect(t.runtime.executions.size).toBe(0);
    expect(await t.runtime.listDecisions(TEST_TENANT, {})).toEqual([]);
  });

  it("validates a correctly signed body: unknown event types are 400", async () => {
    const body = JSON.stringify({ id: "evt-9", type: "deal.won", data: { id: "D-1" } });
    const res = await send(t, body, signed(body));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ path: string }> }).errors[0]?.path).toBe("json.type");
  });
});
