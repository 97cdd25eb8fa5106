import { randomUUID } from "node:crypto";
import { OpenAPIHono } from "@hono/zod-openapi";
import { QUEUES } from "../../queue/names.ts";
import type { AppEnv } from "../deps.ts";
import { secureRoute } from "../route.ts";
import { Accepted, EvalBody, IdParam, JobSchema } from "../schemas.ts";
import { jobView, tenantJob } from "./jobs-common.ts";

const start = secureRoute(["analyst", "admin"], {
  method: "post",
  path: "/",
  tags: ["evals"],
  summary: "Start an eval run (as a job)",
  request: { body: { required: true, content: { "application/json": { schema: EvalBody } } } },
  responses: { 202: { description: "Eval accepted; GET /v1/evals/{jobId} for the report", content: { "application/json": { schema: Accepted } } } },
});

const report = secureRoute(["manager", "analyst", "admin"], {
  method: "get",
  path: "/{id}",
  tags: ["evals"],
  summary: "An eval run's state and, once completed, its report (`result`)",
  request: { params: IdParam },
  responses: { 200: { description: "The eval job", content: { "application/json": { schema: JobSchema } } } },
});

export function evalsRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(start, async (c) => {
    const principal = c.get("principal");
    const job = await c.get("deps").queue.add(QUEUES.evalRuns, { tenantId: principal.tenantId, spec: c.req.valid("json").spec, requestedBy: principal.id }, { jobId: randomUUID() });
    return c.json({ jobId: job.id, status: "queued" }, 202);
  });
  app.openapi(report, async (c) => {
    const job = await tenantJob(c, QUEUES.evalRuns, c.req.valid("param").id);
    return c.json(jobView(job), 200);
  });
  return app;
}
