import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { config } from "../../config/index.ts";
import { AppError } from "../../core/errors.ts";
import { parseFlags } from "../args.ts";

const USAGE = "scenario bench [--only replay,checkpoint,knowledge,api,queue,load] [--out bench.json]";

/** Benchmark sections; each runs in its own process so its peak memory is its own. */
const SECTIONS: Record<string, () => Promise<Record<string, unknown>>> = {
  replay: async () => (await import("../../bench/replay.ts")).benchReplay(),
  checkpoint: async () => (await import("../../bench/checkpoint.ts")).benchCheckpoint(config().DATABASE_URL ?? config().TEST_DATABASE_URL),
  knowledge: async () => (await import("../../bench/knowledge.ts")).benchKnowledge({ databaseUrl: config().DATABASE_URL ?? config().TEST_DATABASE_URL }),
  api: async () => (await import("../../bench/api.ts")).bench(),
  queue: async () => (await import("../../bench/queue.ts")).bench(),
  load: async () => (await import("../../bench/load.ts")).bench(),
};

async function runSection(name: string): Promise<Record<string, unknown>> {
  const section = SECTIONS[name];
  if (!section) throw new AppError("INPUT_INVALID", `unknown bench section "${name}"\nusage: ${USAGE}`);
  return section();
}

/** `scenario bench`: one JSON document on stdout (and a short table on stderr). */
export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { only: { type: "string" }, out: { type: "string" }, section: { type: "string" } }, USAGE);
  if (values.section) {
    const result = await runSection(values.section);
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    process.stdout.write(`${JSON.stringify({ ...result, peakRssMb })}\n`);
    return 0;
  }
  const names = values.only ? values.only.split(",") : Object.keys(SECTIONS);
  // The node flags matter to the figures (bin/scenario.mjs runs batch commands with --single-threaded-gc).
  const doc: Record<string, unknown> = { machine: { cpus: (await import("node:os")).availableParallelism(), node: process.version, nodeFlags: process.execArgv.filter((f) => f.startsWith("--") && !f.startsWith("--import")) } };
  for (const name of names) {
    process.stderr.write(`bench: ${name}…\n`);
    doc[name] = await child(name);
  }
  const text = JSON.stringify(doc, null, 2);
  process.stderr.write(summaryTable(doc));
  process.stdout.write(`${text}\n`);
  if (values.out) await (await import("node:fs/promises")).writeFile(values.out, `${text}\n`);
  return 0;
}

function child(section: string): Promise<unknown> {
  const bin = fileURLToPath(new URL("../../bin/scenario.mjs", import.meta.url));
  return new Promise((resolve) => {
    // Same node flags as this process, so the section's process does not start node again.
    const p = spawn(process.execPath, [...process.execArgv, bin, "bench", "--section", section], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.on("close", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      try {
        resolve(code === 0 ? JSON.parse(last) : { error: `exited with code ${code}` });
      } catch {
        resolve({ error: "no JSON output", output: out.slice(-500) });
      }
    });
  });
}

const HEADLINE = /(casesPerSecond|runsPerSecond|p50|p95|ratio|recall|hitAtK|mrr|peakRssMb|auc|queueAccuracy|priorityAccuracy|error|skipped)$/i;

/** The short table on stderr: headline figures, one per line, from the JSON document. */
export function summaryTable(doc: Record<string, unknown>): string {
  const rows: [string, string][] = [];
  const walk = (value: unknown, path: string) => {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    } else if (HEADLINE.test(path) && (typeof value === "number" || typeof value === "string")) rows.push([path, String(value)]);
  };
  walk(doc, "");
  const width = Math.max(10, ...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n")}\n`;
}
