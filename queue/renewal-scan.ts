import type { AgentRuntime } from "../agents/shared/runtime-types.ts";
import type { Principal } from "../core/principal.ts";
import type { Db } from "../db/pool.ts";
import { QUEUES } from "./names.ts";
import { toJobId, type JobQueue } from "./types.ts";

/** Renewal window of the nightly scan when the tenant's policy does not set one. */
export const DEFAULT_RENEWAL_WINDOW_DAYS = 90;

/** Accounts renewing in (now, now + days], per tenant; renewal_ts is the parsed instant. */
export const SQL_ACCOUNTS_RENEWING = `
SELECT tenant_id, id FROM accounts
WHERE renewal_ts > $1 AND renewal_ts <= $2 AND ($3::text IS NULL OR tenant_id = $3)
ORDER BY tenant_id, renewal_ts, id`;

interface RenewingRow {
  tenant_id: string;
  id: string;
}

export interface RenewalScanDeps {
  db: Db;
  runtime: AgentRuntime;
  queue: JobQueue;
}

export interface RenewalScanResult {
  accounts: number;
  /** The renewal run of each account (the same ids when the scan repeats on one day). */
  runIds: string[];
}

/**
 * Create (idempotently) one renewal-risk run per account renewing soon and enqueue it.
 * The idempotency key carries the ISO week: the nightly scan picks up accounts the day
 * they enter the window, yet re-assesses each account at most weekly (no inbox flood),
 * and a repeated scan (retried job, two schedulers) creates no new runs.
 */
export async function scanRenewals(
  deps: RenewalScanDeps,
  opts: { now?: Date; windowDays?: number | undefined; tenantId?: string | undefined } = {},
): Promise<RenewalScanResult> {
  const now = opts.now ?? new Date();
  const until = new Date(now.getTime() + (opts.windowDays ?? DEFAULT_RENEWAL_WINDOW_DAYS) * 86_400_000);
  const { rows } = await deps.db.pool.query<RenewingRow>(SQL_ACCOUNTS_RENEWING, [now.toISOString(), until.toISOString(), opts.tenantId ?? null]);
  const week = isoWeek(now);
  const runIds: string[] = [];
  for (const row of rows) {
    const system: Principal = { id: "system:renewal-scan", role: "admin", tenantId: row.tenant_id };
    const run = await deps.runtime.createRun({
      tenantId: row.tenant_id,
      agent: "renewal-risk",
      subject: { type: "account", id: row.id },
      requestedBy: system,
      idempotencyKey: `renewal-scan:${week}:${row.id}`,
    });
    if (run.status === "queued") await deps.queue.add(QUEUES.agentRuns, { tenantId: row.tenant_id, runId: run.runId }, { jobId: toJobId(run.runId) });
    runIds.push(run.runId);
  }
  return { accounts: rows.length, runIds };
}

/** "2026-W23": ISO-8601 week of a date (UTC). */
export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}
