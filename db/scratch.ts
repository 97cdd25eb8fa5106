import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDb, type Db } from "./pool.ts";

/**
 * A fresh, throwaway database: a new schema on a real Postgres (dropped by cleanup), or a
 * new in-memory PGlite when no URL is given. `vector` is created in `public` once so every
 * schema can use it. Tests and benchmarks run on these, never on the configured database.
 */
export interface ScratchDb {
  db: Db;
  schema: string;
  /** "postgres" (real server) or "pglite" (embedded), for test names and skips. */
  kind: "postgres" | "pglite";
  cleanup(): Promise<void>;
}

export async function openScratchDb(url: string | undefined): Promise<ScratchDb> {
  if (!url) {
    const db = await openDb({ dataDir: "memory://" });
    await db.pool.query("CREATE EXTENSION IF NOT EXISTS vector");
    return { db, schema: "public", kind: "pglite", cleanup: () => db.close() };
  }
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public");
    await admin.query(`CREATE SCHEMA ${schema}`);
  } catch (err) {
    // Two test files creating the extension at once: the loser sees a unique violation.
    if (!String(err).includes("already exists") && !String(err).includes("duplicate key")) throw err;
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await admin.end();
  }
  const db = await openDb({ url, schema, max: 5 });
  return {
    db,
    schema,
    kind: "postgres",
    cleanup: async () => {
      await db.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
      await db.close();
    },
  };
}
