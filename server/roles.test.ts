import { beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "../core/principal.ts";
import { createTestApp, type TestApp } from "../test/server/harness.ts";
import { fillPath, operations, type OpenApiDoc, type Operation } from "../test/server/openapi-walk.ts";

/**
 * Roles on every route, driven by the OpenAPI document itself: whatever `x-roles` says is
 * what the server enforces (401 without a key, 403 for a role not listed, anything else
 * for a listed one), and the business rules below pin the lists that matter.
 */
let t: TestApp;
let ops: Operation[];
beforeAll(async () => {
  t = await createTestApp();
  ops = operations((await (await t.app.request("/openapi.json")).json()) as OpenApiDoc);
});

async function call(t: TestApp, o: Operation, headers: Record<string, string>): Promise<Response> {
  const hasBody = o.op.requestBody !== undefined;
  return t.app.request(fillPath(o.path), {
    method: o.method.toUpperCase(),
    headers: { ...headers, ...(hasBody ? { "content-type": "application/json" } : {}) },
    ...(hasBody ? { body: "{}" } : {}),
  });
}

describe("roles on every operation (from /openapi.json x-roles)", () => {
  it("documents at least the core operations", () => {
    expect(ops.length).toBeGreaterThanOrEqual(20);
  });

  it("enforces x-roles on each operation for each role", async () => {
    const failures: string[] = [];
    for (const o of ops) {
      const name = `${o.method.toUpperCase()} ${o.path}`;
      if (o.roles.includes("public")) {
        const res = await call(t, o, {});
        if (res.status === 401 || res.status === 403) failures.push(`${name}: public but ${res.status}`);
        continue;
      }
      const anon = await call(t, o, {});
      if (anon.status !== 401) failures.push(`${name}: no credentials gave ${anon.status}, want 401`);
      if (o.roles.includes("webhook")) continue;
      for (const role of ROLES) {
        const res = await call(t, o, t.auth(role));
        const allowed = o.roles.includes(role);
        if (allowed && (res.status === 401 || res.status === 403)) failures.push(`${name}: ${role} is listed but got ${res.status}`);
        if (!allowed && res.status !== 403) failures.push(`${name}: ${role} is not listed but got ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it.each([
    ["post", "/v1/runs", ["rep", "manager", "admin"]],
    ["post", "/v1/approvals/{id}/decision", ["rep", "manager", "admin"]],
    ["put", "/v1/config/policy", ["admin"]],
    ["get", "/v1/admin/dead-letter", ["admin"]],
    ["post", "/v1/models/promote", ["analyst", "admin"]],
    ["post", "/v1/events", ["webhook"]],
  ])("pins the business rule for %s %s", (method, path, roles) => {
    // Analysts never start side-effecting runs nor decide approvals; only admins change policy.
    const o = ops.find((x) => x.method === method && x.path === path);
    expect(o?.roles).toEqual(roles);
  });
});
