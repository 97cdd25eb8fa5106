import { DB_MIGRATIONS, migrate, type Migration } from "../db/migrations.ts";
import { RUNTIME_MIGRATIONS } from "../agents/runtime/migrations.ts";
import { KNOWLEDGE_MIGRATIONS } from "../knowledge/migrations.ts";

/**
 * Every schema change of the product, in the order a fresh database applies them: the
 * floor's tables, then the knowledge base's, then the agent runtime's (LangGraph's
 * checkpoint tables and the runtime's own). Ids are recorded once applied, so a database
 * created under an earlier order is simply brought up to date.
 */
export const MIGRATIONS: readonly Migration[] = [...DB_MIGRATIONS, ...KNOWLEDGE_MIGRATIONS, ...RUNTIME_MIGRATIONS];

/** Bring a database up to the current schema (safe to run twice, and from two processes at once). */
export function migrateAll(db: Parameters<typeof migrate>[0]): Promise<{ applied: string[] }> {
  return migrate(db, MIGRATIONS);
}
