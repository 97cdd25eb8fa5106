import { randomBytes } from "node:crypto";
import pg from "pg";
import { config } from "../config/index.ts";
import { openDb, type Db } from "../db/pool.ts";

/**
 * A fresh database for one test: a new schema on the real Postgres when TEST_DATABASE_URL
 * is set (dropped by cleanup), otherwise a new in-memory PGlite. `vector` is created in
 * `public` once so every schema can use it.
 */
export interface TestDb {
  db: Db;
  schema: string;
  /** "postgres" (real server) or "pglite" (embedded), for test names and skips. */
  kind: "postgres" | "pglite";
  cleanup(): Promise<void>;
}

export async function openTestDb(url: string | undefined = config().TEST_DATABASE_URL): Promise<TestDb> {
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

/** Redis URL for integration tests, or undefined (tests then skip and say why). */
export function testRedisUrl(): string | undefined {
  return config().TEST_REDIS_URL;
}

export const REDIS_SKIP_REASON = "skipped: TEST_REDIS_URL is not set, and queue tests need a real Redis (run via .ci/run or export TEST_REDIS_URL)";
