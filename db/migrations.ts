import { AppError, errorMessage } from "../core/errors.ts";
import type { Db } from "./pool.ts";
import { withClient } from "./pool.ts";
import { ACTIONS_SQL } from "./sql/actions.ts";
import { AGENTS_SQL } from "./sql/agents.ts";
import { CRM_CORE_SQL, CRM_HISTORY_SQL } from "./sql/crm.ts";

/** One schema change. `id` is recorded in `schema_migrations` once applied; never reuse or edit one. */
export interface Migration {
  id: string;
  name: string;
  sql: string;
}

/**
 * The floor's own schema changes (CRM tables, runs and decisions, the action audit), in
 * order. Append only: a released migration is never edited, a change is a new entry. The
 * SQL never names a schema (tests run each in a fresh schema through `search_path`),
 * except `vector`, which lives in `public` so every schema sees it. The layers above add
 * theirs (knowledge, the agent runtime); `app/migrations.ts` assembles the full list.
 */
export const DB_MIGRATIONS: Migration[] = [
  { id: "0001_extensions", name: "pgvector", sql: "CREATE EXTENSION IF NOT EXISTS vector SCHEMA public;" },
  { id: "0002_crm_core", name: "tenants, reps, api keys, accounts, contacts, leads, opportunities", sql: CRM_CORE_SQL },
  { id: "0003_crm_history", name: "tickets, usage, events, activities", sql: CRM_HISTORY_SQL },
  { id: "0004_agents", name: "runs, decisions, approvals, models, eval cases", sql: AGENTS_SQL },
  { id: "0005_actions", name: "crm_actions audit and effect tables", sql: ACTIONS_SQL },
  {
    id: "0006_crm_assignments",
    name: "index: latest actions of a kind (round-robin turns)",
    sql: "CREATE INDEX IF NOT EXISTS crm_actions_kind_idx ON crm_actions (tenant_id, kind, created_at DESC);",
  },
];

/**
 * Fixed key for `pg_advisory_lock`: two processes starting at once serialise here instead
 * of racing on `CREATE TABLE`. Database-wide on purpose (it also guards CREATE EXTENSION).
 */
const MIGRATION_LOCK_KEY = 7_310_582_019;

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id text PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Apply every pending migration of `migrations`, each in its own transaction with its ledger row, under an
 * advisory lock. Safe to run twice and from two processes at once; returns the ids applied
 * by this call (empty when the schema was already current).
 */
export async function migrate(db: Db, migrations: readonly Migration[]): Promise<{ applied: string[] }> {
  assertUniqueIds(migrations);
  return withClient(db, async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await client.query(CREATE_LEDGER);
      const { rows } = await client.query<{ id: string }>("SELECT id FROM schema_migrations");
      const done = new Set(rows.map((r) => r.id));
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.id)) continue;
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query("INSERT INTO schema_migrations (id, name) VALUES ($1, $2)", [m.id, m.name]);
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK").catch(() => {});
          throw new AppError("DB_UNAVAILABLE", `Migration ${m.id} (${m.name}) failed: ${errorMessage(err)}`, { migration: m.id }, { cause: err });
        }
        applied.push(m.id);
      }
      return { applied };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  });
}

function assertUniqueIds(migrations: readonly Migration[]): void {
  const seen = new Set<string>();
  for (const m of migrations) {
    if (seen.has(m.id)) throw new AppError("INTERNAL", `Duplicate migration id ${m.id}`, { migration: m.id });
    seen.add(m.id);
  }
}
