import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../test/server/harness.ts";
import { operations, type OpenApiDoc } from "../test/server/openapi-walk.ts";

let doc: OpenApiDoc;
beforeAll(async () => {
  const t = await createTestApp();
  doc = (await (await t.app.request("/openapi.json")).json()) as OpenApiDoc;
});

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 with info, paths and a bearer security scheme", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("gives every operation roles, a summary, a tag and problem responses", () => {
    const allowed = new Set(["rep", "manager", "analyst", "admin", "public", "webhook"]);
    for (const o of operations(doc)) {
      const name = `${o.method} ${o.path}`;
      expect(o.roles.length, name).toBeGreaterThan(0);
      expect(o.roles.every((r) => allowed.has(r)), name).toBe(true);
      expect(typeof o.op.summary, name).toBe("string");
      expect(Array.isArray(o.op.tags), name).toBe(true);
      const responses = o.op.responses as Record<string, unknown>;
      expect(Object.keys(responses), name).toContain("400");
      if (!o.roles.includes("public") && !o.roles.includes("webhook")) expect(Object.keys(responses), name).toEqual(expect.arrayContaining(["401", "403", "404"]));
    }
  });

  it("declares every path template parameter as a required path parameter", () => {
    for (const o of operations(doc)) {
      const names = [...o.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const params = (o.op.parameters ?? []) as Array<{ name: string; in: string; required?: boolean }>;
      for (const n of names) expect(params.find((p) => p.name === n && p.in === "path" && p.required), `${o.path} ${n}`).toBeTruthy();
    }
  });

  it("gives every operation a unique operationId", () => {
    const ids = operations(doc).map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("resolves every $ref", () => {
    for (const ref of refs(doc)) {
      const target = ref.replace(/^#\//, "").split("/").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc);
      expect(target, ref).toBeTruthy();
    }
  });
});
