import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { config } from "../../config/index.ts";
import { AppError } from "../../core/errors.ts";
import { parseFlags } from "../args.ts";

const USAGE = "scenario bench [--only replay,checkpoint,knowledge,api,queue] [--out bench.json]";

/** Benchmark sections; each runs in its own process so its peak memory is its own. */
const SECTIONS: Record<string, () => Promise<Record<string, unknown>>> = {
  replay: async () => (await import("../../bench/replay.ts")).benchReplay(),
  checkpoint: async () => (await import("../../bench/checkpoint.ts")).benchCheckpoint(config().DATABASE_URL ?? config().TEST_DATABASE_URL),
};

/** Sections other modules contribute (knowledge, API, queue), loaded when present. */
const OPTIONAL: Record<string, string> = {
  knowledge: "../../bench/knowledge.ts",
  api: "../../bench/api.ts",
  queue: "../../bench/queue.ts",
};

async function runSection(name: string): Promise<Record<string, unknown>> {
  const builtin = SECTIONS[name];
  if (builtin) return builtin();
  const path = OPTIONAL[name];
  if (!path) throw new AppError("INPUT_INVALID", `unknown bench section "${name}"\nusage: ${USAGE}`);
  const mod = (await import(path)) as { bench(): Promise<Record<string, unknown>> };
  return mod.bench();
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
  const names = values.only ? values.only.split(",") : [...Object.keys(SECTIONS), ...Object.keys(OPTIONAL)];
  const doc: Record<string, unknown> = { machine: { cpus: (await import("node:os")).availableParallelism(), node: process.version } };
  for (const name of names) {
    process.stderr.write(`bench: ${name}…\n`);
    doc[name] = await child(name);
  }
  const text = JSON.stringify(doc, null, 2);
  process.stdout.write(`${text}\n`);
  if (values.out) await (await import("node:fs/promises")).writeFile(values.out, `${text}\n`);
  return 0;
}

function child(section: string): Promise<unknown> {
  const bin = fileURLToPath(new URL("../../bin/scenario.mjs", import.meta.url));
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, "bench", "--section", section], { stdio: ["ignore", "pipe", "inherit"] });
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
