import { config } from "../config/index.ts";
import { openDb, type Db } from "../db/pool.ts";
import { migrateAll } from "./migrations.ts";

/**
 * The configured database (DATABASE_URL, or embedded PGlite under DATA_DIR), brought up to
 * the current schema: what every command that touches the CRM starts with.
 */
export async function openAppDb(): Promise<Db> {
  const c = config();
  const db = await openDb({ url: c.DATABASE_URL, dataDir: c.DATA_DIR });
  try {
    await migrateAll(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
