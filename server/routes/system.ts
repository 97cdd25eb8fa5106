import { OpenAPIHono, z } from "@hono/zod-openapi";
import { errorMessage } from "../../core/errors.ts";
import type { AppEnv } from "../deps.ts";
import { secureRoute } from "../route.ts";

const Checks = z.object({ status: z.string(), checks: z.record(z.string(), z.string()) });

const healthz = secureRoute("public", {
  method: "get",
  path: "/healthz",
  tags: ["system"],
  summary: "Liveness: the process is up",
  responses: { 200: { description: "Up", content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } } } },
});

const readyz = secureRoute("public", {
  method: "get",
  path: "/readyz",
  tags: ["system"],
  summary: "Readiness: database and queue reachable",
  responses: {
    200: { description: "Ready", content: { "application/json": { schema: Checks } } },
    503: { description: "A dependency is down", content: { "application/json": { schema: Checks } } },
  },
});

const metrics = secureRoute("public", {
  method: "get",
  path: "/metrics",
  tags: ["system"],
  summary: "Prometheus metrics",
  responses: { 200: { description: "Prometheus text format", content: { "text/plain": { schema: z.string() } } } },
});

export function systemRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(healthz, (c) => c.json({ status: "ok" as const }, 200));
  app.openapi(readyz, async (c) => {
    const { db, queue } = c.get("deps");
    const checks: Record<string, string> = {};
    const check = async (name: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
        checks[name] = "ok";
      } catch (err) {
        // Reason without connection strings: errors from pg/ioredis carry host names only.
        checks[name] = `unavailable: ${errorMessage(err).replace(/\/\/[^@/\s]*@/g, "//***@")}`;
      }
    };
    await Promise.all([check("database", () => db.pool.query("SELECT 1")), check("queue", () => queue.ping())]);
    const ok = Object.values(checks).every((v) => v === "ok");
    return ok ? c.json({ status: "ready", checks }, 200) : c.json({ status: "unavailable", checks }, 503);
  });
  app.openapi(metrics, async (c) => {
    const registry = c.get("deps").metrics.registry;
    return c.text(await registry.metrics(), 200, { "content-type": registry.contentType });
  });
  return app;
}
