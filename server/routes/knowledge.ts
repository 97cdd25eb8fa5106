import { randomUUID } from "node:crypto";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError } from "../../core/errors.ts";
import { QUEUES } from "../../queue/names.ts";
import type { AppEnv } from "../deps.ts";
import { secureRoute } from "../route.ts";
import { Accepted, IngestBody, SearchQuery } from "../schemas.ts";

const ingest = secureRoute(["manager", "analyst", "admin"], {
  method: "post",
  path: "/documents",
  tags: ["knowledge"],
  summary: "Ingest documents into the knowledge base (as a job)",
  request: { body: { required: true, content: { "application/json": { schema: IngestBody } } } },
  responses: { 202: { description: "Ingestion job accepted; poll /v1/jobs/ingestion/{jobId}", content: { "application/json": { schema: Accepted } } } },
});

const search = secureRoute(["rep", "manager", "analyst", "admin"], {
  method: "get",
  path: "/search",
  tags: ["knowledge"],
  summary: "Search the knowledge base (vector + full text, fused)",
  description: "Labelled documents are visible to callers whose role is one of the labels; admins see everything; unlabelled documents are visible to all.",
  request: { query: SearchQuery },
  responses: { 200: { description: "Ranked passages with citations", content: { "application/json": { schema: z.object({ items: z.array(z.record(z.string(), z.unknown())) }) } } } },
});

export function knowledgeRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(ingest, async (c) => {
    const principal = c.get("principal");
    const { documents, labels } = c.req.valid("json");
    const job = await c.get("deps").queue.add(QUEUES.ingestion, { tenantId: principal.tenantId, documents, labels, requestedBy: principal.id }, { jobId: randomUUID() });
    return c.json({ jobId: job.id, status: "queued" }, 202);
  });
  app.openapi(search, async (c) => {
    const searchKnowledge = c.get("deps").searchKnowledge;
    if (!searchKnowledge) throw new AppError("NOT_FOUND", "Knowledge search is not available in this deployment.");
    const q = c.req.valid("query");
    const items = await searchKnowledge(c.get("principal"), q.q, { limit: q.limit });
    return c.json({ items: items as Record<string, unknown>[] }, 200);
  });
  return app;
}
