import { createHmac, timingSafeEqual } from "node:crypto";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { Principal } from "../../core/principal.ts";
import { AppError } from "../../core/errors.ts";
import { enqueueRun } from "../../queue/requeue.ts";
import type { AppEnv } from "../deps.ts";
import { secureRoute } from "../route.ts";
import { CrmEventBody, Id } from "../schemas.ts";

/**
 * The CRM webhook. The CRM signs the raw body with the tenant's secret:
 * `X-Scenario-Signature: sha256=<hex HMAC-SHA256(secret, body)>`, tenant in
 * `X-Scenario-Tenant`. Each event starts the matching agent once: the run's idempotency
 * key is the event id, so CRM retries return the same run.
 */
export const SIGNATURE_HEADER = "x-scenario-signature";
export const TENANT_HEADER = "x-scenario-tenant";

const ROUTING = {
  "lead.created": { agent: "lead-triage", subjectType: "lead" },
  "ticket.created": { agent: "service-routing", subjectType: "ticket" },
  "account.updated": { agent: "renewal-risk", subjectType: "account" },
} as const;

/** `sha256=<hex>` over the raw body, for CRMs and tests. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

const verifySignature: MiddlewareHandler<AppEnv> = async (c, next) => {
  const tenantId = c.req.header(TENANT_HEADER) ?? "";
  const signature = c.req.header(SIGNATURE_HEADER) ?? "";
  if (!tenantId || !signature) throw new AppError("UNAUTHENTICATED", `Send the tenant in ${TENANT_HEADER} and the body's HMAC in ${SIGNATURE_HEADER}: sha256=<hex>.`);
  if (!Id.safeParse(tenantId).success) throw new AppError("UNAUTHENTICATED", "Bad or missing webhook signature.");
  const deps = c.get("deps");
  const secret = deps.webhookSecret ?? (await deps.settings.webhookSecret(tenantId));
  // Read once; Hono caches the text, so the JSON validator after us parses the same bytes.
  const raw = await c.req.text();
  const expected = Buffer.from(secret ? signBody(secret, raw) : "", "utf8");
  const given = Buffer.from(signature.trim(), "utf8");
  if (!secret || expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new AppError("UNAUTHENTICATED", "Bad or missing webhook signature.");
  }
  await next();
};

const receive = secureRoute(
  "webhook",
  {
    method: "post",
    path: "/",
    tags: ["events"],
    summary: "CRM events webhook (HMAC-signed)",
    description: "`lead.created` → lead triage, `ticket.created` → service routing, `account.updated` → renewal risk. Idempotent by event id.",
    request: {
      headers: z.object({ [TENANT_HEADER]: z.string().openapi({ example: "demo" }), [SIGNATURE_HEADER]: z.string().openapi({ example: "sha256=…" }) }),
      body: { required: true, content: { "application/json": { schema: CrmEventBody } } },
    },
    responses: {
      202: {
        description: "Event accepted; the run it started",
        content: { "application/json": { schema: z.object({ eventId: z.string(), runId: z.string(), agent: z.string(), status: z.string() }) } },
      },
    },
  },
  [verifySignature],
);

export function eventsRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(receive, async (c) => {
    const event = c.req.valid("json");
    const tenantId = c.req.header(TENANT_HEADER) as string;
    const { runtime, queue, metrics } = c.get("deps");
    const route = ROUTING[event.type];
    const system: Principal = { id: "system:webhook", role: "admin", tenantId };
    const run = await runtime.createRun({
      tenantId,
      agent: route.agent,
      subject: { type: route.subjectType, id: event.data.id },
      requestedBy: system,
      asOf: event.occurredAt,
      idempotencyKey: `crm-event:${event.id}`,
    });
    if (run.status === "queued") {
      await enqueueRun(queue, tenantId, run.runId);
      metrics.runCreated(route.agent);
    }
    return c.json({ eventId: event.id, runId: run.runId, agent: route.agent, status: run.status }, 202);
  });
  return app;
}
