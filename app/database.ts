import { config } from "../config/index.ts";
import { setLogLevel } from "../core/log.ts";
import { openDb, type Db } from "../db/pool.ts";
import { migrateAll } from "./migrations.ts";

/**
 * The configured database (DATABASE_URL, or embedded PGlite under DATA_DIR), brought up to
 * the current schema: what every command that touches the CRM (the API and the workers
 * too) starts with. The log level is set from the configuration here as well.
 */
export async function openAppDb(): Promise<Db> {
  const c = config();
  setLogLevel(c.LOG_LEVEL);
  const db = await openDb({ url: c.DATABASE_URL, dataDir: c.DATA_DIR });
  try {
    await migrateAll(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
