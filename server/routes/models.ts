import { randomUUID } from "node:crypto";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError } from "../../core/errors.ts";
import { QUEUES } from "../../queue/names.ts";
import type { AppEnv, ModelService } from "../deps.ts";
import { secureRoute } from "../route.ts";
import { Accepted, CompareQuery, FitBody, Json, ModelsQuery, PromoteBody } from "../schemas.ts";

const list = secureRoute(["manager", "analyst", "admin"], {
  method: "get",
  path: "/",
  tags: ["models"],
  summary: "Decision-model versions, with the promoted one per agent",
  request: { query: ModelsQuery },
  responses: { 200: { description: "Model versions", content: { "application/json": { schema: z.object({ items: z.array(Json) }) } } } },
});

const fit = secureRoute(["analyst", "admin"], {
  method: "post",
  path: "/fits",
  tags: ["models"],
  summary: "Fit a new model version on case outcomes (as a job)",
  request: { body: { required: true, content: { "application/json": { schema: FitBody } } } },
  responses: { 202: { description: "Fit job accepted; poll /v1/jobs/fits/{jobId}", content: { "application/json": { schema: Accepted } } } },
});

const compare = secureRoute(["manager", "analyst", "admin"], {
  method: "get",
  path: "/compare",
  tags: ["models"],
  summary: "Compare two versions of an agent's model",
  request: { query: CompareQuery },
  responses: { 200: { description: "Comparison report", content: { "application/json": { schema: Json } } } },
});

const promote = secureRoute(["analyst", "admin"], {
  method: "post",
  path: "/promote",
  tags: ["models"],
  summary: "Promote a version (refused unless it beats the current one)",
  request: { body: { required: true, content: { "application/json": { schema: PromoteBody } } } },
  responses: { 200: { description: "Promotion result", content: { "application/json": { schema: Json } } } },
});

function service(s: ModelService | undefined): ModelService {
  if (!s) throw new AppError("NOT_FOUND", "Model management is not available in this deployment.");
  return s;
}

export function modelsRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(list, async (c) => {
    const items = await service(c.get("deps").models).list(c.get("principal").tenantId, c.req.valid("query").agent);
    return c.json({ items: items as Record<string, unknown>[] }, 200);
  });
  app.openapi(fit, async (c) => {
    const principal = c.get("principal");
    const body = c.req.valid("json");
    const job = await c.get("deps").queue.add(QUEUES.fits, { tenantId: principal.tenantId, agent: body.agent, params: body.params, requestedBy: principal.id }, { jobId: randomUUID() });
    return c.json({ jobId: job.id, status: "queued" }, 202);
  });
  app.openapi(compare, async (c) => {
    const q = c.req.valid("query");
    const report = await service(c.get("deps").models).compare(c.get("principal").tenantId, q.agent, q.a, q.b);
    return c.json(report as Record<string, unknown>, 200);
  });
  app.openapi(promote, async (c) => {
    const body = c.req.valid("json");
    const out = await service(c.get("deps").models).promote(c.get("principal").tenantId, body.agent, body.version, c.get("principal"));
    return c.json(out as Record<string, unknown>, 200);
  });
  return app;
}
