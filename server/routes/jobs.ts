import { OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError } from "../../core/errors.ts";
import { QUEUE_NAMES, type QueueName } from "../../queue/names.ts";
import type { JobInfo } from "../../queue/types.ts";
import type { AppEnv } from "../deps.ts";
import { secureRoute } from "../route.ts";
import { DeadLetterQuery, JobParams, JobSchema } from "../schemas.ts";
import { jobView, tenantJob } from "./jobs-common.ts";

const getJob = secureRoute(["manager", "analyst", "admin"], {
  method: "get",
  path: "/jobs/{queue}/{id}",
  tags: ["jobs"],
  summary: "State of one job of your tenant (ingestion, fits, eval runs…)",
  request: { params: JobParams },
  responses: { 200: { description: "The job", content: { "application/json": { schema: JobSchema } } } },
});

const deadLetter = secureRoute(["admin"], {
  method: "get",
  path: "/admin/dead-letter",
  tags: ["jobs"],
  summary: "Dead-letter view: jobs of your tenant that failed for good",
  request: { query: DeadLetterQuery },
  responses: { 200: { description: "Failed jobs, newest first", content: { "application/json": { schema: z.object({ items: z.array(JobSchema) }) } } } },
});

const retry = secureRoute(["admin"], {
  method: "post",
  path: "/admin/dead-letter/{queue}/{id}/retry",
  tags: ["jobs"],
  summary: "Put a failed job back in its queue (a failed agent run is reopened first)",
  request: { params: JobParams },
  responses: { 200: { description: "Requeued", content: { "application/json": { schema: z.object({ requeued: z.boolean() }) } } } },
});

export function jobsRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(getJob, async (c) => {
    const { queue, id } = c.req.valid("param");
    return c.json(jobView(await tenantJob(c, queue as QueueName, id)), 200);
  });
  app.openapi(deadLetter, async (c) => {
    const { queue, limit } = c.req.valid("query");
    const tenantId = c.get("principal").tenantId;
    const names = queue ? [queue as QueueName] : QUEUE_NAMES;
    const max = limit ?? 50;
    const all: JobInfo[] = [];
    for (const q of names) all.push(...(await c.get("deps").queue.listFailed(q, max)));
    // Scheduled scans have no tenant: they belong to every admin's view.
    const mine = all.filter((j) => {
      const t = (j.data as { tenantId?: unknown } | undefined)?.tenantId;
      return t === tenantId || t === undefined;
    });
    return c.json({ items: mine.slice(0, max).map(jobView) }, 200);
  });
  app.openapi(retry, async (c) => {
    const { queue, id } = c.req.valid("param");
    const job = await tenantJob(c, queue as QueueName, id);
    if (job.state !== "failed") throw new AppError("CONFLICT", `Job ${id} is ${job.state}, not failed.`);
    // A dead-lettered run ended `failed`: it goes back to queued so the retried job runs it.
    const runId = queue === "agent-runs" ? (job.data as { runId?: unknown }).runId : undefined;
    if (typeof runId === "string") await c.get("deps").runtime.reopenRun(c.get("principal").tenantId, runId, c.get("principal"));
    return c.json({ requeued: await c.get("deps").queue.retryFailed(queue as QueueName, id) }, 200);
  });
  return app;
}
