import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import pg from "pg";
import { AppError, errorMessage } from "../core/errors.ts";

/**
 * One database handle for the whole process, always reached through `pg`.
 *
 * Real Postgres when a URL is given. Otherwise embedded PGlite (with pgvector) persisted
 * under `dataDir`, served on a loopback port by pglite-socket so that the very same `pg`
 * code path — including LangGraph's PostgresSaver, which needs `pg` — works on both.
 * PGlite is one session, so the embedded pool holds exactly one connection (transactions
 * must not interleave).
 */
export interface Db {
  readonly pool: pg.Pool;
  /** Connection string `pg` clients (e.g. the checkpointer) can use. */
  readonly url: string;
  readonly embedded: boolean;
  /** The schema first on the search_path ("public" unless a test asked for its own). */
  readonly schema: string;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** Postgres URL; when absent the embedded database is used. */
  url?: string | undefined;
  /** Embedded data directory; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** Pool size for a real server. */
  max?: number;
  /** Real server only: put this schema first on the search_path (tests get a fresh one each). */
  schema?: string;
}

export async function openDb(opts: OpenDbOptions): Promise<Db> {
  if (opts.url) {
    const options = opts.schema ? `-c search_path=${opts.schema},public` : undefined;
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.max ?? 10, ...(options ? { options } : {}) });
    pool.on("error", () => {
      /* an idle client died (server restart): the pool replaces it on next use */
    });
    // A checked-out client whose connection drops (server restart, pg_terminate_backend)
    // emits 'error' with no pool listener attached: unhandled, it would kill the process.
    // Its query fails anyway and the pool discards it on release, so this is only a sink.
    pool.on("connect", (client) => client.on("error", () => {}));
    await ping(pool, opts.url);
    const url = opts.schema ? withSearchPath(opts.url, opts.schema) : opts.url;
    return { pool, url, embedded: false, schema: opts.schema ?? "public", close: () => pool.end() };
  }
  return openEmbedded(opts.dataDir ?? "./.data");
}

async function openEmbedded(dataDir: string): Promise<Db> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { vector } = await import("@electric-sql/pglite-pgvector");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  let location = "memory://";
  if (dataDir !== "memory://") {
    location = resolve(dataDir, "pglite");
    await mkdir(location, { recursive: true });
  }
  const lite = await PGlite.create(location, { extensions: { vector } });
  // maxConnections 2, not the default 1: when a query fails, `pg`'s pool.query destroys its
  // client and dials again at once, before the server has noticed the old socket close;
  // with room for one connection that redial is refused ("Connection terminated
  // unexpectedly" on the query after any error). The pool still holds one client at a time.
  const server = new PGLiteSocketServer({ db: lite, host: "127.0.0.1", port: 0, maxConnections: 2 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on("error", () => {});
  await ping(pool, url);
  return {
    pool,
    url,
    embedded: true,
    schema: "public",
    close: async () => {
      await pool.end();
      await server.stop();
      await lite.close();
    },
  };
}

async function ping(pool: pg.Pool, url: string): Promise<void> {
  try {
    await pool.query("SELECT 1");
  } catch (err) {
    const safe = url.replace(/\/\/[^@/]*@/, "//***@");
    throw new AppError("DB_UNAVAILABLE", `Cannot reach the database at ${safe}: ${errorMessage(err)}`, {}, { cause: err });
  }
}

/** Run `fn` with a pooled client, always released. */
export async function withClient<T>(db: Db, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

/** Run `fn` in a transaction: committed when it returns, rolled back when it throws. */
export async function withTransaction<T>(db: Db, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(db, async (client) => {
    await client.query("BEGIN");
    try {
      const out = await fn(client);
      await client.query("COMMIT");
      return out;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    }
  });
}

/** Anything that can run a query: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, "query"> | pg.PoolClient;

/** The URL with `options=-c search_path=...` so other `pg` clients see the same schema. */
function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set("options", `-c search_path=${schema},public`);
  return u.toString();
}

/** SQLSTATE classes/codes of a lost connection: class 08, admin/crash shutdown, cannot connect now. */
const CONNECTION_SQLSTATE = /^(08...|57P0[123])$/;
const CONNECTION_MESSAGE = /connection terminated|not queryable|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket hang up/i;

/**
 * True when `err` (or an error it wraps) says the database connection was lost — the
 * statement may or may not have run, but the same work on a fresh connection can succeed.
 * Constraint violations, syntax errors and the like are not connection errors.
 */
export function isConnectionError(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 4) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && (CONNECTION_SQLSTATE.test(code) || /^E(CONNRESET|CONNREFUSED|PIPE|TIMEDOUT)$/.test(code))) return true;
  if (CONNECTION_MESSAGE.test(err.message)) return true;
  return isConnectionError(err.cause, depth + 1);
}

/** Pauses before each retry of `withConnectionRetry`: quick first, then enough for a pool to reconnect. */
const RETRY_PAUSES_MS = [10, 50, 200, 500] as const;

/**
 * Run `fn` again when it fails with a connection error (see isConnectionError), up to
 * four more times. ONLY for idempotent work — reads, and writes keyed so that a repeat is
 * a no-op — since a statement whose reply was lost may well have committed.
 */
export async function withConnectionRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const pause = RETRY_PAUSES_MS[i];
      if (pause === undefined || !isConnectionError(err)) throw err;
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}
