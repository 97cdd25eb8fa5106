import type { AgentName } from "../cases/schema.ts";
import type { AgentRuntime, RunView } from "../agents/shared/runtime-types.ts";
import { AppError, errorMessage, isPermanentError } from "../core/errors.ts";
import type { Db } from "../db/pool.ts";
import { scanRenewals } from "./renewal-scan.ts";
import { requeueStranded } from "./requeue.ts";
import type { IngestDocument, JobHandlers, JobQueue } from "./types.ts";

/**
 * The functions jobs delegate to. Only the runtime is required; the others are wired by
 * whoever owns them (knowledge, models, evals) and a job for an unwired one fails for good.
 */
export interface JobServices {
  db: Db;
  runtime: AgentRuntime;
  queue: JobQueue;
  ingest?: ((tenantId: string, documents: IngestDocument[], labels: string[]) => Promise<unknown>) | undefined;
  fit?: ((tenantId: string, agent: AgentName, params: Record<string, unknown>) => Promise<unknown>) | undefined;
  runEval?: ((tenantId: string, spec: Record<string, unknown>) => Promise<unknown>) | undefined;
  /** Observes finished executions (metrics). */
  onRunExecuted?: ((run: RunView) => void) | undefined;
}

function unwired(what: string): AppError {
  return new AppError("INPUT_INVALID", `${what} is not available in this deployment.`);
}

/** Thin handlers: each one validates nothing new and calls exactly one service. */
export function createJobHandlers(svc: JobServices): JobHandlers {
  return {
    "agent-runs": async ({ tenantId, runId }, job) => {
      try {
        const run = await svc.runtime.executeRun(tenantId, runId);
        svc.onRunExecuted?.(run);
        return { runId: run.runId, status: run.status };
      } catch (err) {
        // Dead-lettered now (a retry cannot fix it, or this was the last attempt): the run
        // ends `failed` with the reason instead of reading `running` forever.
        if (isPermanentError(err) || job.finalAttempt) {
          const run = await svc.runtime.failRun(tenantId, runId, errorMessage(err)).catch(() => undefined);
          if (run) svc.onRunExecuted?.(run);
        }
        throw err;
      }
    },
    ingestion: async ({ tenantId, documents, labels }) => {
      if (!svc.ingest) throw unwired("Knowledge ingestion");
      return svc.ingest(tenantId, documents, labels ?? []);
    },
    fits: async ({ tenantId, agent, params }) => {
      if (!svc.fit) throw unwired("Model fitting");
      return svc.fit(tenantId, agent, params);
    },
    "eval-runs": async ({ tenantId, spec }) => {
      if (!svc.runEval) throw unwired("Evals");
      return svc.runEval(tenantId, spec);
    },
    "scheduled-scans": async (job) => {
      if (job.kind === "renewal-scan") return scanRenewals(svc, { tenantId: job.tenantId, windowDays: job.windowDays });
      // The sweep also re-enqueues stranded runs, so a Redis outage or a restart loses none.
      return { ...(await svc.runtime.expireStale()), ...(await requeueStranded(svc, { graceSeconds: job.graceSeconds })) };
    },
  };
}
