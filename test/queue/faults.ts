import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import pg from "pg";
import { seedRuntimeTenant } from "../runtime-tenant.ts";
import type { Db, Queryable } from "../../db/pool.ts";

/** Helpers of the fault tests (Redis restarted, Postgres connections dropped). Test-only. */

export const FAULT_TENANT = "t1";

/**
 * The runtime test tenant with a policy under which renewal runs execute their actions
 * (an alert and a task) without a human: every run applies side effects inside the worker,
 * so a duplicate execution would show up as a duplicate CRM action.
 */
export async function seedAutoExecTenant(db: Db): Promise<string[]> {
  await seedRuntimeTenant(db, FAULT_TENANT);
  const policy = { agents: { "renewal-risk": { alertThreshold: 0.01, autoExecuteAbove: 0, settings: { highRiskAbove: 0.02, strategicArr: 1e12, urgentDays: 0 } } } };
  await db.pool.query(`UPDATE tenant_settings SET settings = $2 WHERE tenant_id = $1`, [FAULT_TENANT, JSON.stringify({ policy })]);
  const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM accounts WHERE tenant_id = $1 ORDER BY id`, [FAULT_TENANT]);
  return rows.map((r) => r.id);
}

/** What a user would check after an outage: how each run ended and what it did. */
export interface RunOutcome {
  runId: string;
  status: string;
  /** Effect rows the run's actions wrote in the CRM, and how many distinct idempotency keys among them. */
  actions: number;
  distinctActions: number;
  /** Actions the run's decision record says it executed. */
  recordedActions: number;
  decisions: number;
  /** `run.completed` / `run.waiting_approval` events in the decision log. */
  finishedEvents: number;
}

/** Effect rows (tasks, drafts, meetings…) carry their action's key: a duplicate effect shows here. */
const EFFECTS = ["tasks", "email_drafts", "meetings", "assignments", "record_links"]
  .map((t) => `SELECT idempotency_key FROM ${t} WHERE tenant_id = r.tenant_id AND idempotency_key LIKE r.tenant_id || ':' || r.id || ':%'`)
  .join(" UNION ALL ");

const SQL_OUTCOMES = `
SELECT r.id AS run_id, r.status,
  (SELECT count(*) FROM (${EFFECTS}) e)::int AS actions,
  (SELECT count(DISTINCT idempotency_key) FROM (${EFFECTS}) e)::int AS distinct_actions,
  (SELECT COALESCE(max(jsonb_array_length(d.record->'executed')), 0) FROM decisions d WHERE d.run_id = r.id)::int AS recorded_actions,
  (SELECT count(*) FROM decisions d WHERE d.run_id = r.id)::int AS decisions,
  (SELECT count(*) FROM decision_events e WHERE e.run_id = r.id AND e.type IN ('run.completed', 'run.waiting_approval'))::int AS finished_events
FROM agent_runs r WHERE r.id = ANY($1) ORDER BY r.created_at`;

export async function runOutcomes(db: Queryable, runIds: string[]): Promise<RunOutcome[]> {
  const { rows } = await db.query<{ run_id: string; status: string; actions: number; distinct_actions: number; recorded_actions: number; decisions: number; finished_events: number }>(
    SQL_OUTCOMES,
    [runIds],
  );
  return rows.map((r) => ({
    runId: r.run_id,
    status: r.status,
    actions: r.actions,
    distinctActions: r.distinct_actions,
    recordedActions: r.recorded_actions,
    decisions: r.decisions,
    finishedEvents: r.finished_events,
  }));
}

/** Wait (bounded) until no run of `runIds` is queued or running; returns how many still are. */
export async function waitForRunsToSettle(db: Queryable, runIds: string[], maxMs: number): Promise<number> {
  const until = Date.now() + maxMs;
  for (;;) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM agent_runs WHERE id = ANY($1) AND status IN ('queued', 'running')`, [runIds]);
    const open = rows[0]?.n ?? 0;
    if (open === 0 || Date.now() > until) return open;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A Redis of the test's own on a free port, without persistence: `restart()` kills it and
 * starts a fresh, empty one on the same port (every job, lock and scheduler is lost), the
 * harshest Redis restart. The machine's shared Redis is never touched.
 */
export interface ThrowawayRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => {}); // refused until the server listens: expected while polling
    try {
      for (let i = 0; i < 200; i++) {
        try {
          await probe.connect();
          if ((await probe.ping()) === "PONG") return;
        } catch {
          probe.disconnect();
          await new Promise((r) => setTimeout(r, 25));
        }
      }
      throw new Error(`redis-server did not start on port ${port}`);
    } finally {
      probe.disconnect();
    }
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once("exit", () => resolve());
      c.kill("SIGKILL");
    });
  };
  await start();
  return { url, start, stop };
}

/**
 * Terminates every backend of one application (our pool's connections only: other tests
 * share the database) again and again until stopped. Returns how many it terminated.
 */
export function keepDroppingConnections(databaseUrl: string, applicationName: string, everyMs: number): { stop(): Promise<number> } {
  const admin = new pg.Client({ connectionString: databaseUrl });
  let stopped = false;
  let killed = 0;
  const loop = (async () => {
    await admin.connect();
    while (!stopped) {
      const { rows } = await admin.query<{ ok: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`,
        [applicationName],
      );
      killed += rows.filter((r) => r.ok).length;
      await new Promise((r) => setTimeout(r, everyMs));
    }
    await admin.end();
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return killed;
    },
  };
}

/** A pool of its own on the test's schema, for the test's checks (the app's connections are the ones dropped). */
export function observerPool(db: Db): pg.Pool {
  const pool = new pg.Pool({ connectionString: withApplicationName(db.url, "fault-observer"), max: 2 });
  pool.on("error", () => {});
  return pool;
}

/** The database URL with an application_name, so the dropper can find exactly our connections. */
export function withApplicationName(url: string, name: string): string {
  const u = new URL(url);
  u.searchParams.set("application_name", name);
  return u.toString();
}
