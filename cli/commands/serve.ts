import { config } from "../../config/index.ts";
import { parseFlags, usageError } from "../args.ts";
import { runUntilSignal } from "../shutdown.ts";

const USAGE = "scenario serve [--demo] [--port 3000] [--host 127.0.0.1]";

/**
 * `scenario serve`: the HTTP API. Embedded defaults (PGlite under DATA_DIR, jobs inline)
 * unless DATABASE_URL / REDIS_URL are set. `--demo` seeds the demo CRM on first start and
 * prints one fresh API key per role (previous demo keys are revoked).
 */
export async function run(args: string[]): Promise<number> {
  const { values: v } = parseFlags(args, { demo: { type: "boolean", default: false }, port: { type: "string" }, host: { type: "string" }, help: { type: "boolean", short: "h", default: false } }, USAGE);
  if (v.help) {
    process.stdout.write(`usage: ${USAGE}\n`);
    return 0;
  }
  const c = config();
  const port = v.port === undefined ? c.PORT : Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port must be an integer from 0 to 65535, got "${v.port}"`, USAGE);

  const { startApi } = await import("../../app/api.ts");
  const api = await startApi({ port, host: v.host ?? c.HOST, demo: v.demo === true });
  const { url, demo } = api;
  const out = [
    `scenario API listening on ${url}`,
    `  docs:     ${url}/docs`,
    `  openapi:  ${url}/openapi.json`,
    `  database: ${api.embedded ? `embedded (${c.DATA_DIR})` : "postgres"}; jobs: ${api.jobs === "inline" ? "inline (no REDIS_URL)" : "BullMQ (run `scenario worker`)"}`,
  ];
  if (demo) {
    out.push("", `demo tenant "demo"${demo.seeded ? " (seeded now)" : ""}; API keys (shown once, new on every --demo start):`);
    for (const [role, key] of Object.entries(demo.keys)) out.push(`  ${role.padEnd(8)} ${key}`);
    out.push(`  webhook secret: ${c.WEBHOOK_SECRET ? "(WEBHOOK_SECRET from the environment)" : demo.webhookSecret}`);
    const post = (type: string, id: string) =>
      `  curl -s -X POST ${url}/v1/runs -H "Authorization: Bearer ${demo.keys.rep}" -H "content-type: application/json" -d '{"subject":{"type":"${type}","id":"${id}"}}'`;
    out.push("", "try:", post("account", demo.accountId), post("lead", demo.leadId));
    out.push(`  curl -s "${url}/v1/approvals?status=pending" -H "Authorization: Bearer ${demo.keys.manager}"`);
    out.push(`  curl -s -X POST ${url}/v1/approvals/<id>/decision -H "Authorization: Bearer ${demo.keys.manager}" -H "content-type: application/json" -d '{"answer":"approve","reasonCode":"agree"}'`);
    out.push(`  curl -s ${url}/v1/decisions/<runId> -H "Authorization: Bearer ${demo.keys.manager}"`);
  }
  process.stdout.write(`${out.join("\n")}\n`);

  return runUntilSignal("serve", "server stopping", api.closers);
}
