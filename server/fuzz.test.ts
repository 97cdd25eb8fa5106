import { beforeAll, describe, expect, it } from "vitest";
import { SIGNATURE_HEADER, signBody, TENANT_HEADER } from "./routes/events.ts";
import { fuzzRequest, pick, prng, STACK_TRACE } from "../test/server/fuzz-gen.ts";
import { createTestApp, TEST_TENANT, WEBHOOK_SECRET_FOR_TESTS, type TestApp } from "../test/server/harness.ts";
import { operations, type OpenApiDoc, type Operation } from "../test/server/openapi-walk.ts";

/**
 * Bounded fuzz of every operation in /openapi.json: fixed seed, PER_OPERATION requests
 * each, with keys of every role (and signed webhook bodies). No response may be a 5xx or
 * carry a stack trace; every error is a problem document.
 */
const SEED = 20_261_122;
const PER_OPERATION = 60;
const MAX_BODY = 16_000;

let t: TestApp;
let doc: OpenApiDoc;
let ops: Operation[];
beforeAll(async () => {
  t = await createTestApp({ maxBodyBytes: MAX_BODY });
  doc = (await (await t.app.request("/openapi.json")).json()) as OpenApiDoc;
  ops = operations(doc);
});

describe("fuzz every operation", () => {
  it(`sends ${PER_OPERATION} hostile requests per operation: no 5xx, no stack traces`, async () => {
    const rnd = prng(SEED);
    const failures: string[] = [];
    let sent = 0;
    const statuses = new Map<number, number>();
    for (const o of ops) {
      for (let i = 0; i < PER_OPERATION; i++) {
        const req = fuzzRequest(doc, o, rnd, MAX_BODY);
        const headers: Record<string, string> = {};
        if (req.contentType) headers["content-type"] = req.contentType;
        if (o.roles.includes("webhook")) {
          headers[TENANT_HEADER] = TEST_TENANT;
          headers[SIGNATURE_HEADER] = rnd() < 0.8 ? signBody(WEBHOOK_SECRET_FOR_TESTS, req.body ?? "") : "sha256=00";
        } else if (!o.roles.includes("public")) {
          headers.authorization = `Bearer ${t.keys[pick(rnd, ["admin", "admin", "manager", "rep", "analyst"] as const)]}`;
        }
        const res = await t.app.request(req.path, { method: req.method, headers, ...(req.body !== undefined ? { body: req.body } : {}) });
        const text = await res.text();
        sent++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const where = `${req.method} ${req.path.slice(0, 120)} body=${(req.body ?? "").slice(0, 80)}`;
        if (res.status >= 500 && !(o.path === "/readyz")) failures.push(`${res.status} ${where}: ${text.slice(0, 200)}`);
        if (STACK_TRACE.test(text)) failures.push(`stack trace in ${where}: ${text.slice(0, 200)}`);
        if (res.status >= 400 && !res.headers.get("content-type")?.includes("application/problem+json")) failures.push(`non-problem ${res.status} for ${where}`);
      }
    }
    // Figures for the report: how many requests and how they were answered.
    console.info(`fuzz: seed=${SEED} operations=${ops.length} requests=${sent} statuses=${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(sent).toBe(ops.length * PER_OPERATION);
  });
});
