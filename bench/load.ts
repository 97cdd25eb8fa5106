import { config } from "../config/index.ts";
import { percentile } from "../core/metrics.ts";
import { BENCH_TENANT, startBenchServer } from "./server.ts";

type Op = "run" | "inbox" | "search";
const round = (x: number) => Math.round(x * 10) / 10;

/**
 * Bounded load on loopback: `clients` concurrent clients for `seconds`, each looping over a
 * mix of starting runs (5%), reading the inbox (75%) and searching knowledge (20%) with a
 * short think time. Afterwards every accepted run must reach a final or waiting state within
 * a bounded drain; the figures say how many did.
 */
export async function bench(clients = 200, seconds = 60): Promise<Record<string, unknown>> {
  const s = await startBenchServer(config().DATABASE_URL ?? config().TEST_DATABASE_URL);
  try {
    const rep = await s.key("rep");
    const headers = { authorization: `Bearer ${rep}`, "content-type": "application/json" };
    const { rows } = await s.t.db.pool.query<{ id: string }>(`SELECT id FROM accounts WHERE tenant_id = $1 ORDER BY id`, [BENCH_TENANT]);
    const lat: Record<Op, number[]> = { run: [], inbox: [], search: [] };
    const errors: Record<string, number> = {};
    const accepted: string[] = [];
    const deadline = Date.now() + seconds * 1000;
    let seq = 0;
    const client = async (c: number) => {
      while (Date.now() < deadline) {
        const r = (seq++ * 7919 + c) % 100;
        const op: Op = r < 5 ? "run" : r < 80 ? "inbox" : "search";
        const t0 = performance.now();
        try {
          const res =
            op === "run"
              ? await fetch(`${s.url}/v1/runs`, { method: "POST", headers, body: JSON.stringify({ agent: "renewal-risk", subject: { type: "account", id: rows[seq % rows.length]!.id } }) })
              : op === "inbox"
                ? await fetch(`${s.url}/v1/approvals?status=pending&limit=20`, { headers })
                : await fetch(`${s.url}/v1/knowledge/search?q=${encodeURIComponent("escalated tickets renewal")}&limit=5`, { headers });
          const body = (await res.json()) as { runId?: string };
          if (res.status >= 400) errors[`${op}:${res.status}`] = (errors[`${op}:${res.status}`] ?? 0) + 1;
          else if (op === "run" && body.runId) accepted.push(body.runId);
          lat[op].push(performance.now() - t0);
        } catch (err) {
          errors[`${op}:network`] = (errors[`${op}:network`] ?? 0) + 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 200 + (c % 5) * 50));
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
    // Drain: every accepted run must settle (waiting at the veto or finished), bounded in time.
    const drainUntil = Date.now() + 180_000;
    let settled = 0;
    while (Date.now() < drainUntil) {
      const { rows: r } = await s.t.db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM agent_runs WHERE id = ANY($1) AND status NOT IN ('queued','running')`, [accepted]);
      settled = Number(r[0]?.n);
      if (settled >= accepted.length) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const stat = (ms: number[]) => ({ n: ms.length, p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)) });
    return {
      clients, seconds, database: s.t.kind,
      requests: lat.run.length + lat.inbox.length + lat.search.length,
      errors, runsAccepted: accepted.length, runsSettled: settled, runsLost: accepted.length - settled,
      latencyMs: { run: stat(lat.run), inbox: stat(lat.inbox), search: stat(lat.search) },
    };
  } finally {
    await s.close();
  }
}
