import { AppError, errorMessage, isAppError } from "../core/errors.ts";

/**
 * The `scenario` CLI. Each command lives in cli/commands/<name>.ts and exports
 * `run(args): Promise<number>` (the exit code). Commands are loaded lazily so `fit` does
 * not pay for the server's imports.
 */
type Command = { run(args: string[]): Promise<number> };
const COMMANDS: Record<string, { about: string; load: () => Promise<Command> }> = {
  fit: { about: "fit an agent's decision model on case outcomes", load: () => import("./commands/fit.ts") },
  replay: { about: "replay cases through an agent's graph in the sandbox", load: () => import("./commands/replay.ts") },
  kb: { about: "knowledge base: ingest, search, eval", load: () => import("./commands/kb.ts") },
  import: { about: "import case files or CSV tables into the live CRM", load: () => import("./commands/import.ts") },
  seed: { about: "seed the live CRM (--demo)", load: () => import("./commands/seed.ts") },
  run: { about: "run an agent on live CRM data for one account, lead or ticket", load: () => import("./commands/run.ts") },
  serve: { about: "start the HTTP API", load: () => import("./commands/serve.ts") },
  worker: { about: "start a queue worker (needs REDIS_URL)", load: () => import("./commands/worker.ts") },
  keys: { about: "manage API keys (keys create --role manager)", load: () => import("./commands/keys.ts") },
  eval: { about: "run an eval suite (--suite file)", load: () => import("./commands/eval.ts") },
  bench: { about: "print benchmark figures as JSON", load: () => import("./commands/bench.ts") },
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.about}`);
  return `usage: scenario <command> [options]\n\ncommands:\n${rows.join("\n")}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`scenario: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const command = await entry.load();
    return await command.run(rest);
  } catch (err) {
    if (isAppError(err)) {
      process.stderr.write(`scenario ${name}: ${err.code}: ${err.message}\n`);
      return err.code === "INPUT_INVALID" ? 2 : 1;
    }
    process.stderr.write(`scenario ${name}: unexpected error: ${errorMessage(err)}\n`);
    if (err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
