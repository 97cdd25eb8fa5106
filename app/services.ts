import type { AgentRuntime } from "../agents/shared/runtime-types.ts";
import type { Db } from "../db/pool.ts";
import { searchKnowledge } from "../knowledge/index.ts";
import { evalJob, fitJob } from "./jobs.ts";
import type { JobServices } from "../queue/handlers.ts";
import { ingestDocuments } from "../queue/ingest-documents.ts";
import type { JobQueue } from "../queue/types.ts";
import type { SearchKnowledge } from "../server/deps.ts";
import type { Metrics } from "../server/metrics.ts";

/**
 * The production wiring shared by `scenario serve` and `scenario worker`: job services
 * over the real knowledge base, model fitting and evals.
 */
export function productionJobServices(deps: { db: Db; runtime: AgentRuntime; queue: JobQueue; metrics?: Metrics | undefined }): JobServices {
  return {
    db: deps.db,
    runtime: deps.runtime,
    queue: deps.queue,
    onRunExecuted: deps.metrics?.runExecuted,
    ingest: (tenantId, documents, labels) => ingestDocuments(deps.db, tenantId, documents, labels),
    fit: fitJob(deps.db),
    runEval: evalJob(deps.db),
  };
}

/**
 * Knowledge search for API callers: a labelled document is visible to callers whose role
 * is one of its labels, admins see everything, unlabelled documents are visible to all.
 */
export function knowledgeSearch(db: Db): SearchKnowledge {
  return (caller, query, opts) =>
    searchKnowledge(db, { tenantId: caller.tenantId, query, k: opts.limit, accessLabels: caller.role === "admin" ? "all" : [caller.role] });
}
