import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { RunView } from "../agents/shared/runtime-types.ts";
import type { JobQueue } from "../queue/types.ts";

/**
 * Prometheus metrics, one registry per app (tests build many apps in one process).
 * Requests by route pattern (never the raw path: ids would explode the label set) and
 * status, runs by outcome, and queue depth read from the queue at scrape time.
 */
export interface Metrics {
  registry: Registry;
  /** Hono middleware recording request counts and latency. */
  middleware: MiddlewareHandler;
  runCreated(agent: string): void;
  /** Hand this to the job handlers (`onRunExecuted`). */
  runExecuted(run: RunView): void;
  /** Queue whose depth is reported at scrape time. */
  watchQueue(queue: JobQueue): void;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: "scenario_" });
  const requests = new Counter({
    name: "scenario_http_requests_total",
    help: "HTTP requests by method, route pattern and status",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "scenario_http_request_duration_seconds",
    help: "HTTP request latency by method and route pattern",
    labelNames: ["method", "route"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const created = new Counter({ name: "scenario_runs_created_total", help: "Agent runs created through the API, by agent", labelNames: ["agent"], registers: [registry] });
  const executed = new Counter({ name: "scenario_runs_total", help: "Agent run executions by resulting status", labelNames: ["agent", "status"], registers: [registry] });
  let queue: JobQueue | undefined;
  new Gauge({
    name: "scenario_queue_jobs",
    help: "Jobs per queue and state",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      if (!queue) return;
      this.reset();
      try {
        const counts = await queue.counts();
        for (const [q, byState] of Object.entries(counts)) for (const [state, n] of Object.entries(byState)) this.set({ queue: q, state }, n);
      } catch {
        /* queue unreachable: /readyz reports it; the scrape still succeeds */
      }
    },
  });

  return {
    registry,
    middleware: async (c, next) => {
      const started = process.hrtime.bigint();
      await next();
      const matched = routePath(c, -1);
      const route = c.res.status === 404 && (matched === "*" || matched === "/*" || matched === "") ? "unmatched" : matched || "unmatched";
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      requests.inc({ method: c.req.method, route, status: String(c.res.status) });
      latency.observe({ method: c.req.method, route }, seconds);
    },
    runCreated: (agent) => created.inc({ agent }),
    runExecuted: (run) => executed.inc({ agent: run.agent, status: run.status }),
    watchQueue: (q) => {
      queue = q;
    },
  };
}
