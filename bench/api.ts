import { loadavg } from "node:os";
import { config } from "../config/index.ts";
import { percentile } from "../core/metrics.ts";
import { BENCH_TENANT as TENANT, startBenchServer } from "./server.ts";

const round = (x: number) => Math.round(x * 10) / 10;
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const stats = (ms: number[]) => ({ n: ms.length, p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), max: round(Math.max(...ms)) });

/**
 * A live agent run through the HTTP API on the real Postgres (fresh schema, demo CRM, no
 * LLM): POST /v1/runs, then GET until the run settles (waiting at the veto or finished);
 * beside it the same run through the runtime alone, and inbox reads.
 */
export async function bench(runs = 100): Promise<Record<string, unknown>> {
  const s = await startBenchServer(config().DATABASE_URL ?? config().TEST_DATABASE_URL);
  const { t, runtime } = s;
  const server = { url: s.url };
  try {
    const db = t.db;
    const key = await s.key("rep");
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM accounts WHERE tenant_id = $1 ORDER BY id LIMIT $2`, [TENANT, runs * 2]);
    const api: number[] = [];
    const direct: number[] = [];
    const inbox: number[] = [];
    // CPU of this process (HTTP client, server and runtime alike) per run: unlike wall time,
    // it does not grow when other work shares the machine's cores.
    const cpu = { api: 0, direct: 0 };
    const load0 = loadavg()[0] as number;
    for (const [i, { id }] of rows.entries()) {
      const c0 = process.cpuUsage();
      if (i % 2 === 0) {
        const t0 = performance.now();
        const res = await fetch(`${server.url}/v1/runs`, { method: "POST", headers, body: JSON.stringify({ agent: "renewal-risk", subject: { type: "account", id } }) });
        const { runId } = (await res.json()) as { runId: string };
        for (;;) {
          const r = (await (await fetch(`${server.url}/v1/runs/${runId}`, { headers })).json()) as { status: string };
          if (r.status !== "queued" && r.status !== "running") break;
          // A brisk client (every 2 ms), not a busy loop: polls share this process's CPU with the run.
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        api.push(performance.now() - t0);
        cpu.api += cpuMs(process.cpuUsage(c0));
      } else {
        const t0 = performance.now();
        const run = await runtime.createRun({ tenantId: TENANT, agent: "renewal-risk", subject: { type: "account", id }, requestedBy: { id: "bench", role: "rep", tenantId: TENANT } });
        await runtime.executeRun(TENANT, run.runId);
        direct.push(performance.now() - t0);
        cpu.direct += cpuMs(process.cpuUsage(c0));
      }
      if (i % 10 === 0) {
        const t0 = performance.now();
        await (await fetch(`${server.url}/v1/approvals?status=pending`, { headers })).json();
        inbox.push(performance.now() - t0);
      }
    }
    return {
      database: t.kind,
      apiRunToSettledMs: stats(api),
      runtimeOnlyMs: stats(direct),
      inboxReadMs: stats(inbox),
      processCpuMsPerRun: { api: round(cpu.api / api.length), runtimeOnly: round(cpu.direct / direct.length) },
      loadAverage1m: { before: round(load0), after: round(loadavg()[0] as number) },
      targetP95Ms: 50,
    };
  } finally {
    await s.close();
  }
}
