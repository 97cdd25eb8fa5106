import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { config } from "../config/index.ts";
import type { AppDeps, AppEnv, ResolvedDeps } from "./deps.ts";
import { docsPage } from "./docs-page.ts";
import { createMetrics } from "./metrics.ts";
import { notFound, onError, problemResponse, validationError } from "./problem.ts";
import { approvalsRoutes } from "./routes/approvals.ts";
import { configRoutes } from "./routes/config.ts";
import { decisionsRoutes } from "./routes/decisions.ts";
import { evalsRoutes } from "./routes/evals.ts";
import { eventsRoutes } from "./routes/events.ts";
import { jobsRoutes } from "./routes/jobs.ts";
import { knowledgeRoutes } from "./routes/knowledge.ts";
import { modelsRoutes } from "./routes/models.ts";
import { runsRoutes } from "./routes/runs.ts";
import { systemRoutes } from "./routes/system.ts";
import { dbKeyStore, dbSettingsStore } from "./stores.ts";

export type { AppDeps } from "./deps.ts";

/**
 * An oversized body is read and thrown away (up to this much) before the 413 goes out:
 * a client still sending would otherwise see its connection reset instead of the
 * problem document. Beyond it the connection is closed.
 */
const DISCARD_CAP_BYTES = 16 * 1024 * 1024;

/** `operationId` for client generators: the method and path, e.g. `post_v1_approvals_id_decision`. */
function withOperationIds<D extends object>(doc: D): D {
  const paths = (doc as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op && typeof op === "object" && !("operationId" in op)) {
        const slug = path.replace(/[{}]/g, "").split("/").filter(Boolean).join("_").replace(/[^A-Za-z0-9_]/g, "_");
        (op as Record<string, unknown>).operationId = `${method}_${slug || "root"}`;
      }
    }
  }
  return doc;
}

async function discardBody(req: Request, cap: number): Promise<void> {
  if (!req.body || req.bodyUsed || req.body.locked) return;
  const reader = req.body.getReader();
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
      if (read > cap) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    /* the client went away: nothing to answer */
  }
}

/** OpenAPI document metadata (the document itself is generated from the routes). */
export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "Scenario agents for CRM",
    version: "0.1.0",
    description: "Agent runs, the approvals inbox, decisions, knowledge, models, evals and tenant policy. Every operation lists its roles in `x-roles`.",
  },
};

/**
 * The HTTP API. Dependencies come in (tests pass fakes and call `app.request()`); routes
 * are sub-apps mounted under /v1; every operation declares its roles (see route.ts).
 */
export function createApp(input: AppDeps): OpenAPIHono<AppEnv> {
  const deps: ResolvedDeps = {
    ...input,
    keys: input.keys ?? dbKeyStore(input.db),
    settings: input.settings ?? dbSettingsStore(input.db),
    metrics: input.metrics ?? createMetrics(),
  };
  deps.metrics.watchQueue(deps.queue);
  const maxSize = input.maxBodyBytes ?? config().MAX_BODY_BYTES;

  const app = new OpenAPIHono<AppEnv>({
    // Validation failures become 400 problems with field paths (target: json/query/param).
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
  app.onError(onError);
  app.notFound(notFound);
  app.use("*", deps.metrics.middleware);
  app.use("*", secureHeaders());
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.use(
    "*",
    bodyLimit({
      maxSize,
      onError: async (c) => {
        await discardBody(c.req.raw, DISCARD_CAP_BYTES);
        return problemResponse(c, "PAYLOAD_TOO_LARGE", `The request body is larger than ${maxSize} bytes.`);
      },
    }),
  );

  app.route("/", systemRoutes());
  app.route("/v1/runs", runsRoutes());
  app.route("/v1/approvals", approvalsRoutes());
  app.route("/v1/decisions", decisionsRoutes());
  app.route("/v1/events", eventsRoutes());
  app.route("/v1/knowledge", knowledgeRoutes());
  app.route("/v1/models", modelsRoutes());
  app.route("/v1/evals", evalsRoutes());
  app.route("/v1/config", configRoutes());
  app.route("/v1", jobsRoutes());

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", description: "API key: sk_…" });
  // Generated once on first request (the routes are fixed by then), with operation ids.
  let document: unknown;
  app.get("/openapi.json", (c) => {
    document ??= withOperationIds(app.getOpenAPI31Document(OPENAPI_INFO));
    return c.json(document as Record<string, unknown>);
  });
  app.get("/docs", (c) => c.html(docsPage()));
  return app;
}
