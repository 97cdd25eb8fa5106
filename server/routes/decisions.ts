import { OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError } from "../../core/errors.ts";
import type { AppEnv } from "../deps.ts";
import { secureRoute } from "../route.ts";
import { DecisionQuery, DecisionSchema, IdParam } from "../schemas.ts";

const list = secureRoute(["rep", "manager", "analyst", "admin"], {
  method: "get",
  path: "/",
  tags: ["decisions"],
  summary: "Decision records by agent, subject, status and time",
  request: { query: DecisionQuery },
  responses: { 200: { description: "Decision records", content: { "application/json": { schema: z.object({ items: z.array(DecisionSchema) }) } } } },
});

const getOne = secureRoute(["rep", "manager", "analyst", "admin"], {
  method: "get",
  path: "/{id}",
  tags: ["decisions"],
  summary: "One decision record (by run id): evidence, factors, citations, approval history",
  request: { params: IdParam },
  responses: { 200: { description: "The decision record", content: { "application/json": { schema: DecisionSchema } } } },
});

export function decisionsRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(list, async (c) => {
    const items = await c.get("deps").runtime.listDecisions(c.get("principal").tenantId, c.req.valid("query"));
    return c.json({ items }, 200);
  });
  app.openapi(getOne, async (c) => {
    const { id } = c.req.valid("param");
    const decision = await c.get("deps").runtime.getDecision(c.get("principal").tenantId, id);
    if (!decision) throw new AppError("NOT_FOUND", `No decision for run ${id} in this tenant.`);
    return c.json(decision, 200);
  });
  return app;
}
