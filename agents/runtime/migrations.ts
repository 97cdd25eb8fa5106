/** Runtime additions to the agents' tables (appended to db/migrations.ts's ordered list). */
export const RUNTIME_MIGRATIONS: { id: string; name: string; sql: string }[] = [
  {
    id: "runtime-001",
    name: "run idempotency keys",
    sql: `
ALTER TABLE agent_runs ADD COLUMN IF NOT EXISTS idempotency_key text;
CREATE UNIQUE INDEX IF NOT EXISTS agent_runs_idempotency_idx ON agent_runs (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS approvals_inbox_created_idx ON approvals (tenant_id, status, created_at DESC);
CREATE INDEX IF NOT EXISTS approvals_due_idx ON approvals (status, due_at);
`,
  },
];
