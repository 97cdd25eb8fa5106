/**
 * The CRM tables. Every row is scoped by `tenant_id`; CRM ids are the source system's ids
 * (unique per tenant, hence composite keys).
 *
 * Dates: case-shaped fields keep the ISO string exactly as it arrived (`opened_at`, `date`…)
 * so a live read returns what a case file holds, byte for byte; a sibling `*_ts timestamptz`
 * holds the instant `cases/as-of.ts` gives it (a bare date = the end of that day, UTC) and
 * is what `asOf` filtering and indexes use. Row bookkeeping is `inserted_at`/`updated_at`.
 */
export const CRM_CORE_SQL = `
CREATE TABLE IF NOT EXISTS tenants (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS tenant_settings (
  tenant_id text PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS reps (
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id text NOT NULL,
  name text NOT NULL,
  email text,
  role text NOT NULL CHECK (role IN ('sales', 'support', 'cs')),
  skills text[] NOT NULL DEFAULT '{}',
  languages text[] NOT NULL DEFAULT '{}',
  territories text[] NOT NULL DEFAULT '{}',
  senior boolean NOT NULL DEFAULT false,
  capacity integer NOT NULL DEFAULT 20 CHECK (capacity >= 0),
  active boolean NOT NULL DEFAULT true,
  inserted_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS reps_role_idx ON reps (tenant_id, role) WHERE active;

CREATE TABLE IF NOT EXISTS api_keys (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name text NOT NULL DEFAULT '',
  key_hash text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('rep', 'manager', 'analyst', 'admin')),
  rep_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX IF NOT EXISTS api_keys_tenant_idx ON api_keys (tenant_id);

CREATE TABLE IF NOT EXISTS accounts (
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id text NOT NULL,
  name text,
  segment text,
  industry text,
  country text,
  plan text,
  tier text,
  arr double precision,
  seats double precision,
  tenure_months double precision,
  contract_term text CHECK (contract_term IN ('monthly', 'annual', 'multi-year')),
  renewal_date text,
  renewal_ts timestamptz,
  auto_renew boolean,
  payment_method text,
  owner_id text,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  inserted_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS accounts_renewal_idx ON accounts (tenant_id, renewal_ts);
CREATE INDEX IF NOT EXISTS accounts_name_idx ON accounts (tenant_id, lower(name));

CREATE TABLE IF NOT EXISTS subscriptions (
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id text NOT NULL,
  account_id text NOT NULL,
  plan text,
  seats double precision,
  mrr double precision,
  arr double precision,
  billing_frequency text,
  auto_renew boolean,
  start_date text,
  start_ts timestamptz,
  end_date text,
  end_ts timestamptz,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  inserted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS subscriptions_account_idx ON subscriptions (tenant_id, account_id);

CREATE TABLE IF NOT EXISTS contacts (
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id text NOT NULL,
  account_id text,
  name text,
  email text,
  email_norm text,
  phone text,
  phone_norm text,
  title text,
  company text,
  company_norm text,
  created_at text,
  created_ts timestamptz,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  inserted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS contacts_email_idx ON contacts (tenant_id, email_norm);
CREATE INDEX IF NOT EXISTS contacts_phone_idx ON contacts (tenant_id, phone_norm);
CREATE INDEX IF NOT EXISTS contacts_account_idx ON contacts (tenant_id, account_id);

CREATE TABLE IF NOT EXISTS leads (
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id text NOT NULL,
  name text,
  email text,
  email_norm text,
  phone text,
  phone_norm text,
  company text,
  company_norm text,
  title text,
  source text,
  country text,
  city text,
  created_at text,
  created_ts timestamptz,
  status text NOT NULL DEFAULT 'open',
  owner_id text,
  merged_into text,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  inserted_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS leads_email_idx ON leads (tenant_id, email_norm);
CREATE INDEX IF NOT EXISTS leads_phone_idx ON leads (tenant_id, phone_norm);
CREATE INDEX IF NOT EXISTS leads_company_idx ON leads (tenant_id, company_norm);
CREATE INDEX IF NOT EXISTS leads_owner_idx ON leads (tenant_id, owner_id) WHERE status = 'open';

CREATE TABLE IF NOT EXISTS opportunities (
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id text NOT NULL,
  account_id text,
  lead_id text,
  name text,
  stage text,
  amount double precision,
  close_date text,
  close_ts timestamptz,
  owner_id text,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  inserted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS opportunities_account_idx ON opportunities (tenant_id, account_id);
`;

/** Dated history: usage, tickets, events, activities (filtered by `asOf` on every read). */
export const CRM_HISTORY_SQL = `
CREATE TABLE IF NOT EXISTS tickets (
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id text NOT NULL,
  account_id text,
  subject text,
  body text,
  channel text,
  language text,
  status text NOT NULL DEFAULT 'open',
  priority text,
  queue text,
  assignee text,
  opened_at text NOT NULL,
  opened_ts timestamptz NOT NULL,
  closed_at text,
  closed_ts timestamptz,
  csat double precision,
  escalated boolean,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  inserted_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS tickets_account_idx ON tickets (tenant_id, account_id, opened_ts);
CREATE INDEX IF NOT EXISTS tickets_assignee_idx ON tickets (tenant_id, assignee) WHERE closed_ts IS NULL;

CREATE TABLE IF NOT EXISTS usage_events (
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id text NOT NULL,
  account_id text NOT NULL,
  date text NOT NULL,
  ts timestamptz NOT NULL,
  metric text NOT NULL,
  value double precision NOT NULL,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  inserted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS usage_events_account_idx ON usage_events (tenant_id, account_id, ts);

CREATE TABLE IF NOT EXISTS events (
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id text NOT NULL,
  account_id text NOT NULL,
  at text NOT NULL,
  ts timestamptz NOT NULL,
  type text NOT NULL,
  detail text,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  inserted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS events_account_idx ON events (tenant_id, account_id, ts);

CREATE TABLE IF NOT EXISTS activities (
  tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id text NOT NULL,
  lead_id text NOT NULL,
  at text NOT NULL,
  ts timestamptz NOT NULL,
  type text NOT NULL,
  value double precision,
  detail text,
  inserted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS activities_lead_idx ON activities (tenant_id, lead_id, ts);
`;
