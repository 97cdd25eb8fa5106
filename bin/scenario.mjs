#!/usr/bin/env node
// The `scenario` CLI: runs cli/main.ts from an esbuild bundle of the sources, built on first
// use and again whenever a source changes (bin/bundle.mjs), so a command starts without
// compiling TypeScript; if bundling fails it registers tsx and runs the sources as they are.
// Keeping the entry in plain JS lets `npx scenario` work from a clean `npm ci` with no build
// step.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Commands that keep every core busy with JavaScript (replay threads, model fitting, eval
 * suites, benchmarks). They run with V8's garbage collector on the JS threads themselves
 * (`--single-threaded-gc`): with one busy JS thread per core, V8's parallel GC helper
 * threads have no idle core to use and only take CPU from the replay (measured on the
 * 2-core machine: helpers used ≈ 18% of a core, and a routing replay ran 10% faster
 * without them). The flag cannot be set from inside a running process, so these commands
 * start node once more with it; everything else (the server, imports) keeps V8's default.
 */
const BATCH_COMMANDS = new Set(["replay", "fit", "eval", "bench"]);
const GC_FLAG = "--single-threaded-gc";

const command = process.argv[2];
if (command !== undefined && BATCH_COMMANDS.has(command) && !process.execArgv.includes(GC_FLAG)) {
  const child = spawn(process.execPath, [...process.execArgv, GC_FLAG, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  // Ctrl-C reaches both processes from the terminal; a signal sent to this pid alone is passed on.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("error", (err) => {
    console.error(`scenario: could not start node: ${err.message}`);
    process.exitCode = 1;
  });
  child.on("exit", (code, signal) => {
    process.exitCode = code ?? (signal ? 128 + signalNumber(signal) : 1);
  });
} else {
  const { bundledCli } = await import("./bundle.mjs");
  const bundle = await bundledCli();
  let cli;
  if (bundle) cli = await import(bundle.href);
  else {
    const { register } = await import("tsx/esm/api");
    register();
    cli = await import("../cli/main.ts");
  }
  process.exitCode = await cli.main(process.argv.slice(2));
}

function signalNumber(signal) {
  return { SIGHUP: 1, SIGINT: 2, SIGTERM: 15, SIGKILL: 9 }[signal] ?? 0;
}
