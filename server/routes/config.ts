import { OpenAPIHono } from "@hono/zod-openapi";
import { PolicyConfig } from "../../agents/shared/policy-config.ts";
import type { AppEnv } from "../deps.ts";
import { secureRoute } from "../route.ts";

const get = secureRoute(["manager", "analyst", "admin"], {
  method: "get",
  path: "/policy",
  tags: ["config"],
  summary: "The tenant's thresholds and playbooks (PolicyConfig)",
  responses: { 200: { description: "Current policy", content: { "application/json": { schema: PolicyConfig } } } },
});

const put = secureRoute(["admin"], {
  method: "put",
  path: "/policy",
  tags: ["config"],
  summary: "Replace the tenant's thresholds and playbooks",
  request: { body: { required: true, content: { "application/json": { schema: PolicyConfig } } } },
  responses: { 200: { description: "Stored policy (defaults filled in)", content: { "application/json": { schema: PolicyConfig } } } },
});

export function configRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(get, async (c) => c.json(await c.get("deps").settings.getPolicy(c.get("principal").tenantId), 200));
  app.openapi(put, async (c) => {
    const stored = await c.get("deps").settings.putPolicy(c.get("principal").tenantId, c.req.valid("json"));
    return c.json(stored, 200);
  });
  return app;
}
