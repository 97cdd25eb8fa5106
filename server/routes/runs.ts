import { OpenAPIHono, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type { RunEvent, RunStatus } from "../../agents/shared/runtime-types.ts";
import { AppError } from "../../core/errors.ts";
import { enqueueRun } from "../../queue/requeue.ts";
import type { AppEnv } from "../deps.ts";
import { secureRoute } from "../route.ts";
import { AGENT_FOR_SUBJECT, IdParam, RunViewSchema, StartRunBody } from "../schemas.ts";

/** Events after which a run stops producing events until a human acts. */
const TERMINAL_EVENTS: ReadonlySet<RunEvent["type"]> = new Set(["waiting_approval", "completed", "failed"]);
const KEEPALIVE_MS = 15_000;
const SETTLED: ReadonlySet<RunStatus> = new Set(["waiting_approval", "completed", "rejected", "overridden", "blocked", "failed", "expired"]);

const start = secureRoute(["rep", "manager", "admin"], {
  method: "post",
  path: "/",
  tags: ["runs"],
  summary: "Start an agent run for an account, lead or ticket",
  description: "Records the run (idempotent by `idempotencyKey`) and enqueues its execution. Analysts cannot start runs: runs may have side effects.",
  request: { body: { required: true, content: { "application/json": { schema: StartRunBody } } } },
  responses: { 202: { description: "Run accepted", content: { "application/json": { schema: RunViewSchema } } } },
});

const getOne = secureRoute(["rep", "manager", "analyst", "admin"], {
  method: "get",
  path: "/{id}",
  tags: ["runs"],
  summary: "Get a run, with its decision once there is one",
  request: { params: IdParam },
  responses: { 200: { description: "The run", content: { "application/json": { schema: RunViewSchema } } } },
});

const events = secureRoute(["rep", "manager", "analyst", "admin"], {
  method: "get",
  path: "/{id}/events",
  tags: ["runs"],
  summary: "Stream a run's progress as Server-Sent Events",
  description:
    "Each event has `id` = seq, `event` = type and a JSON RunEvent as data, in order. The stream ends after `waiting_approval`, `completed` or `failed`. Reconnect with `Last-Event-ID` to resume.",
  request: { params: IdParam },
  responses: { 200: { description: "An event stream", content: { "text/event-stream": { schema: z.string() } } } },
});

export function runsRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(start, async (c) => {
    const { runtime, queue, metrics } = c.get("deps");
    const principal = c.get("principal");
    const body = c.req.valid("json");
    const agent = body.agent ?? AGENT_FOR_SUBJECT[body.subject.type];
    if (agent !== AGENT_FOR_SUBJECT[body.subject.type]) {
      throw new AppError("INPUT_INVALID", `The agent ${agent} does not handle ${body.subject.type}s; use ${AGENT_FOR_SUBJECT[body.subject.type]}.`, {
        errors: [{ path: "json.agent", message: `must be ${AGENT_FOR_SUBJECT[body.subject.type]} for a ${body.subject.type}` }],
      });
    }
    const run = await runtime.createRun({
      tenantId: principal.tenantId,
      agent,
      subject: body.subject,
      requestedBy: principal,
      asOf: body.asOf,
      idempotencyKey: body.idempotencyKey,
    });
    // jobId = runId: however often a run is enqueued, BullMQ holds one job for it. Redis
    // down: the run is recorded, so still 202; the sweep queues it when Redis is back.
    if (run.status === "queued") await enqueueRun(queue, run.tenantId, run.runId);
    metrics.runCreated(agent);
    c.header("location", `/v1/runs/${encodeURIComponent(run.runId)}`);
    return c.json(run, 202);
  });

  app.openapi(getOne, async (c) => {
    const { id } = c.req.valid("param");
    const run = await c.get("deps").runtime.getRun(c.get("principal").tenantId, id);
    if (!run) throw new AppError("NOT_FOUND", `No run ${id} in this tenant.`);
    return c.json(run, 200);
  });

  app.openapi(events, async (c) => {
    const { id } = c.req.valid("param");
    const { runtime, sse } = c.get("deps");
    const tenantId = c.get("principal").tenantId;
    if (!(await runtime.getRun(tenantId, id))) throw new AppError("NOT_FOUND", `No run ${id} in this tenant.`);
    const lastId = Number(c.req.header("last-event-id"));
    let after: number | undefined = Number.isInteger(lastId) && lastId >= 0 ? lastId : undefined;
    const pollMs = sse?.pollMs ?? 100;
    const deadline = Date.now() + (sse?.maxMs ?? 10 * 60_000);
    return streamSSE(
      c,
      async (stream) => {
        let aborted = false;
        stream.onAbort(() => {
          aborted = true;
        });
        // Writes the events after `after`; true when the run reached a terminal event.
        const drain = async (): Promise<boolean> => {
          const batch = await runtime.listRunEvents(tenantId, id, after);
          for (const ev of batch) {
            await stream.writeSSE({ id: String(ev.seq), event: ev.type, data: JSON.stringify(ev) });
            after = ev.seq;
            if (TERMINAL_EVENTS.has(ev.type)) return true;
          }
          return false;
        };
        let lastWrite = Date.now();
        while (!aborted && Date.now() < deadline) {
          const seqBefore = after;
          if (await drain()) return;
          if (after !== seqBefore) lastWrite = Date.now();
          // A comment line now and then keeps proxies from closing a stream waiting on a slow run.
          if (Date.now() - lastWrite > KEEPALIVE_MS) {
            await stream.write(": keep-alive\n\n");
            lastWrite = Date.now();
          }
          const run = await runtime.getRun(tenantId, id);
          // Settled without a terminal event (e.g. rejected, expired): flush and stop.
          if (!run || SETTLED.has(run.status)) {
            await drain();
            return;
          }
          await stream.sleep(pollMs);
        }
      },
      async (err, stream) => {
        const detail = err instanceof AppError ? err.message : "The event stream failed; reconnect with Last-Event-ID.";
        await stream.writeSSE({ event: "error", data: JSON.stringify({ code: err instanceof AppError ? err.code : "INTERNAL", detail }) });
      },
    );
  });

  return app;
}
