/**
 * The agents' own tables: runs (with worker leases), the one decision record per run and
 * its append-only history, approvals, decision models and labelled eval cases. Run ids are
 * globally unique, so these tables key on `id` and carry `tenant_id` for scoping.
 */
export const AGENTS_SQL = `
CREATE TABLE IF NOT EXISTS agent_runs (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  agent text NOT NULL,
  subject_type text NOT NULL CHECK (subject_type IN ('account', 'lead', 'ticket')),
  subject_id text NOT NULL,
  mode text NOT NULL DEFAULT 'live' CHECK (mode IN ('live', 'sandbox')),
  as_of text,
  status text NOT NULL DEFAULT 'queued',
  thread_id text NOT NULL,
  requested_by text,
  trigger text,
  attempts integer NOT NULL DEFAULT 0,
  worker_id text,
  lease_until timestamptz,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS agent_runs_tenant_idx ON agent_runs (tenant_id, created_at DESC);
CREATE INDEX IF NOT EXISTS agent_runs_subject_idx ON agent_runs (tenant_id, agent, subject_type, subject_id);
CREATE INDEX IF NOT EXISTS agent_runs_lease_idx ON agent_runs (status, lease_until);

CREATE TABLE IF NOT EXISTS decisions (
  run_id text PRIMARY KEY REFERENCES agent_runs(id) ON DELETE CASCADE,
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  agent text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  status text NOT NULL,
  decision text,
  score double precision,
  mode text NOT NULL DEFAULT 'live',
  model_version text,
  record jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS decisions_list_idx ON decisions (tenant_id, agent, status, created_at DESC);
CREATE INDEX IF NOT EXISTS decisions_subject_idx ON decisions (tenant_id, subject_type, subject_id, created_at DESC);
CREATE INDEX IF NOT EXISTS decisions_created_idx ON decisions (tenant_id, created_at DESC);

-- Append-only history of a decision (created, gated, approved, executed…).
CREATE TABLE IF NOT EXISTS decision_events (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  run_id text NOT NULL,
  type text NOT NULL,
  actor text,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS decision_events_run_idx ON decision_events (tenant_id, run_id, id);

CREATE OR REPLACE FUNCTION decision_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'decision_events is append-only (% refused)', TG_OP;
END
$fn$;
DROP TRIGGER IF EXISTS decision_events_no_update ON decision_events;
CREATE TRIGGER decision_events_no_update BEFORE UPDATE OR DELETE ON decision_events
  FOR EACH ROW EXECUTE FUNCTION decision_events_append_only();

CREATE TABLE IF NOT EXISTS approvals (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  run_id text NOT NULL REFERENCES agent_runs(id) ON DELETE CASCADE,
  agent text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'decided', 'expired', 'escalated')),
  required_role text NOT NULL DEFAULT 'manager',
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  due_at timestamptz,
  decided_by text,
  decided_at timestamptz,
  answer jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS approvals_inbox_idx ON approvals (tenant_id, status, due_at);
CREATE INDEX IF NOT EXISTS approvals_run_idx ON approvals (run_id);

CREATE TABLE IF NOT EXISTS models (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  agent text NOT NULL,
  version text,
  status text NOT NULL DEFAULT 'candidate' CHECK (status IN ('candidate', 'promoted', 'retired')),
  file jsonb NOT NULL,
  metrics jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  promoted_at timestamptz
);
CREATE INDEX IF NOT EXISTS models_agent_idx ON models (tenant_id, agent, created_at DESC);
-- At most one promoted model per tenant and agent.
CREATE UNIQUE INDEX IF NOT EXISTS models_one_promoted ON models (tenant_id, agent) WHERE status = 'promoted';

CREATE TABLE IF NOT EXISTS eval_cases (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  agent text NOT NULL,
  run_id text,
  source text NOT NULL DEFAULT 'override',
  case_data jsonb NOT NULL,
  label jsonb NOT NULL DEFAULT '{}'::jsonb,
  reason_code text,
  reason_text text,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS eval_cases_agent_idx ON eval_cases (tenant_id, agent, created_at);
`;
