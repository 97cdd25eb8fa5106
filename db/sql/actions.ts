/**
 * The audit of every CRM write (`crm_actions`, one row per idempotency key) and the tables
 * the effects land in. An effect row and its audit row are written in one transaction by
 * `crm/live`, so a retried or resumed run finds the key and never writes a second effect.
 */
export const ACTIONS_SQL = `
CREATE TABLE IF NOT EXISTS crm_actions (
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  idempotency_key text NOT NULL,
  kind text NOT NULL,
  target_type text NOT NULL,
  target_id text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  summary text,
  record_table text,
  record_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, idempotency_key)
);
CREATE INDEX IF NOT EXISTS crm_actions_target_idx ON crm_actions (tenant_id, target_type, target_id, created_at);

-- create_task, call, offer_discount and escalate land here (kind says which).
CREATE TABLE IF NOT EXISTS tasks (
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id text NOT NULL,
  kind text NOT NULL DEFAULT 'task',
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  title text NOT NULL,
  body text,
  owner_id text,
  due_at text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  idempotency_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS tasks_subject_idx ON tasks (tenant_id, subject_type, subject_id);
CREATE INDEX IF NOT EXISTS tasks_owner_idx ON tasks (tenant_id, owner_id) WHERE status = 'open';

-- draft_email and draft_reply: drafts only, a person sends them.
CREATE TABLE IF NOT EXISTS email_drafts (
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id text NOT NULL,
  kind text NOT NULL DEFAULT 'email',
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  to_address text,
  email_subject text,
  body text,
  status text NOT NULL DEFAULT 'draft',
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  idempotency_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS email_drafts_subject_idx ON email_drafts (tenant_id, subject_type, subject_id);

CREATE TABLE IF NOT EXISTS meetings (
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  title text NOT NULL,
  starts_at text,
  duration_minutes integer,
  attendees text,
  status text NOT NULL DEFAULT 'proposed',
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  idempotency_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS meetings_subject_idx ON meetings (tenant_id, subject_type, subject_id);

-- assign_owner and route_ticket: the history of who/which queue got a record.
CREATE TABLE IF NOT EXISTS assignments (
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id text NOT NULL,
  kind text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  assignee text,
  queue text,
  priority text,
  previous jsonb NOT NULL DEFAULT '{}'::jsonb,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  idempotency_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS assignments_subject_idx ON assignments (tenant_id, subject_type, subject_id);

-- merge_record and link_record: duplicates found by lead triage.
CREATE TABLE IF NOT EXISTS record_links (
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('merge', 'link')),
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  other_type text,
  other_id text,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  idempotency_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS record_links_subject_idx ON record_links (tenant_id, subject_type, subject_id);
`;
