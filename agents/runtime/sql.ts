/** SQL of the live runtime, beside the row types it returns. */

export interface RunRow {
  id: string;
  tenant_id: string;
  agent: string;
  subject_type: "account" | "lead" | "ticket";
  subject_id: string;
  as_of: string | null;
  status: string;
  thread_id: string;
  error: string | null;
  /** Claims so far: 1 during the first execution of the run. */
  attempts: number;
  created_at: Date;
  updated_at: Date;
}

/** Record a run and its `run.queued` event in one statement ($10: the event payload). No row: the idempotency key was taken. */
export const INSERT_RUN = `
WITH inserted AS (
  INSERT INTO agent_runs (id, tenant_id, agent, subject_type, subject_id, as_of, status, thread_id, requested_by, trigger, idempotency_key)
  VALUES ($1, $2, $3, $4, $5, $6, 'queued', $1, $7, $8, $9)
  ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
  RETURNING *),
queued AS (
  INSERT INTO decision_events (tenant_id, run_id, type, actor, payload)
  SELECT tenant_id, id, 'run.queued', $7, $10::jsonb FROM inserted)
SELECT * FROM inserted`;

export const SELECT_RUN_BY_KEY = `SELECT * FROM agent_runs WHERE tenant_id = $1 AND idempotency_key = $2`;

/** A run with its decision record (null until there is one), in one round trip. */
export const SELECT_RUN = `
SELECT r.*, d.record AS decision FROM agent_runs r
  LEFT JOIN decisions d ON d.run_id = r.id AND d.tenant_id = r.tenant_id
 WHERE r.tenant_id = $1 AND r.id = $2`;

/**
 * Claim a run for execution: queued runs, and running ones whose lease lapsed (their
 * worker died) or was released for a resume. Exactly one caller wins. $5 = true lets this
 * worker take back a lease it holds itself while it is not executing the run (a claim
 * whose reply was lost, or a release that failed, on a dropped connection).
 */
export const CLAIM_RUN = `
WITH claimed AS (
  UPDATE agent_runs
     SET status = 'running', worker_id = $3, lease_until = now() + ($4::int * interval '1 millisecond'),
         attempts = attempts + 1, started_at = COALESCE(started_at, now()), updated_at = now()
   WHERE tenant_id = $1 AND id = $2
     AND (status = 'queued' OR (status = 'running' AND (lease_until IS NULL OR lease_until < now() OR ($5::boolean AND worker_id = $3))))
  RETURNING *),
started AS (
  INSERT INTO decision_events (tenant_id, run_id, type, actor, payload)
  SELECT tenant_id, id, 'run.started', 'agent', $6::jsonb FROM claimed WHERE attempts = 1)
SELECT * FROM claimed`;

/**
 * Finish a run and log its events in one statement: both or neither, so a run is never
 * completed without its `run.completed` (a dropped connection between two statements).
 * $5/$6: event types and payloads, in order (empty arrays: no event).
 */
export const FINISH_RUN_WITH_EVENTS = `
WITH done AS (
  UPDATE agent_runs SET status = $3, error = $4, lease_until = NULL, worker_id = NULL, updated_at = now(),
         finished_at = CASE WHEN $3 IN ('completed','rejected','overridden','blocked','failed','expired') THEN now() ELSE finished_at END
   WHERE tenant_id = $1 AND id = $2
  RETURNING tenant_id, id)
INSERT INTO decision_events (tenant_id, run_id, type, actor, payload)
SELECT done.tenant_id, done.id, e.type, 'agent', e.payload
  FROM done, unnest($5::text[], $6::jsonb[]) WITH ORDINALITY AS e(type, payload, n)
 ORDER BY e.n`;

/** Fail a run that is still queued or running (its job is dead-lettered), logging why; nothing when it already ended or waits. */
export const FAIL_STUCK_RUN = `
WITH done AS (
  UPDATE agent_runs SET status = 'failed', error = $3, lease_until = NULL, worker_id = NULL, updated_at = now(), finished_at = now()
   WHERE tenant_id = $1 AND id = $2 AND status IN ('queued','running')
  RETURNING tenant_id, id)
INSERT INTO decision_events (tenant_id, run_id, type, actor, payload)
SELECT done.tenant_id, done.id, 'run.failed', 'system', jsonb_build_object('error', $3::text, 'deadLettered', true) FROM done`;

/** A failed run back to queued, logging who reopened it; nothing when it is not failed. */
export const REOPEN_FAILED_RUN = `
WITH reopened AS (
  UPDATE agent_runs SET status = 'queued', error = NULL, finished_at = NULL, updated_at = now()
   WHERE tenant_id = $1 AND id = $2 AND status = 'failed'
  RETURNING tenant_id, id)
INSERT INTO decision_events (tenant_id, run_id, type, actor, payload)
SELECT tenant_id, id, 'run.requeued', $3, '{}'::jsonb FROM reopened
RETURNING run_id`;

/**
 * Give a claimed run back (transient failure): another attempt may claim it at once. Only
 * this worker's own lease, so repeating it (its reply was lost) cannot free someone else's.
 */
export const RELEASE_RUN = `UPDATE agent_runs SET lease_until = NULL, worker_id = NULL, updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'running' AND worker_id = $3`;

/** Write (or rewrite) a run's decision record and note it in the history, in one statement ($12: event payload). */
export const UPSERT_DECISION = `
WITH saved AS (
  INSERT INTO decisions (run_id, tenant_id, agent, subject_type, subject_id, status, decision, score, mode, model_version, record)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
  ON CONFLICT (run_id) DO UPDATE SET status = EXCLUDED.status, decision = EXCLUDED.decision, score = EXCLUDED.score,
    model_version = EXCLUDED.model_version, record = EXCLUDED.record, updated_at = now()
  RETURNING tenant_id, run_id)
INSERT INTO decision_events (tenant_id, run_id, type, actor, payload)
SELECT tenant_id, run_id, 'decision.recorded', 'agent', $12::jsonb FROM saved`;

export const SELECT_DECISION = `SELECT record FROM decisions WHERE tenant_id = $1 AND run_id = $2`;

export const INSERT_EVENT = `INSERT INTO decision_events (tenant_id, run_id, type, actor, payload) VALUES ($1, $2, $3, $4, $5)`;
export const SELECT_EVENTS = `SELECT id, type, payload, at FROM decision_events WHERE tenant_id = $1 AND run_id = $2 ORDER BY id`;

export interface ApprovalRow {
  id: string;
  tenant_id: string;
  run_id: string;
  agent: string;
  subject_type: "account" | "lead" | "ticket";
  subject_id: string;
  status: "pending" | "decided" | "expired" | "escalated";
  required_role: "rep" | "manager";
  payload: unknown;
  due_at: Date;
  answer: unknown;
  created_at: Date;
}

export const INSERT_APPROVAL = `
INSERT INTO approvals (id, tenant_id, run_id, agent, subject_type, subject_id, status, required_role, payload, due_at)
VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9)
ON CONFLICT (id) DO NOTHING`;

export const SELECT_APPROVAL = `SELECT * FROM approvals WHERE tenant_id = $1 AND id = $2`;
export const SELECT_OPEN_APPROVAL_FOR_RUN = `SELECT * FROM approvals WHERE tenant_id = $1 AND run_id = $2 ORDER BY created_at DESC LIMIT 1`;

/** Take an approval's answer exactly once: a second answer finds no pending row. */
export const DECIDE_APPROVAL = `
UPDATE approvals SET status = 'decided', decided_by = $3, decided_at = now(), answer = $4, updated_at = now()
 WHERE tenant_id = $1 AND id = $2 AND status IN ('pending', 'escalated')
RETURNING *`;

export const ESCALATE_STALE = `
UPDATE approvals SET status = 'escalated', required_role = 'manager', due_at = due_at + ($2::double precision * interval '1 hour'), updated_at = now()
 WHERE status = 'pending' AND due_at < $1
RETURNING tenant_id, run_id`;

export const EXPIRE_STALE = `
UPDATE approvals SET status = 'expired', updated_at = now()
 WHERE status = 'escalated' AND due_at < $1
RETURNING tenant_id, run_id`;

export const INSERT_EVAL_CASE = `
INSERT INTO eval_cases (id, tenant_id, agent, run_id, source, case_data, label, reason_code, reason_text, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (id) DO NOTHING`;

export const SELECT_PROMOTED_MODEL_ID = `SELECT id FROM models WHERE tenant_id = $1 AND agent = $2 AND status = 'promoted' LIMIT 1`;
export const SELECT_MODEL_FILE = `SELECT file FROM models WHERE tenant_id = $1 AND id = $2`;

/** Finished runs past retention that still have checkpoints. */
export const SELECT_PRUNABLE_THREADS = `
SELECT DISTINCT r.thread_id FROM agent_runs r JOIN checkpoints c ON c.thread_id = r.thread_id
 WHERE r.status IN ('completed','rejected','overridden','blocked','failed','expired')
   AND r.finished_at < now() - ($1::double precision * interval '1 day')
 LIMIT $2`;
