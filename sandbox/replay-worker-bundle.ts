import { createHash } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

/**
 * The replay worker as one ES module (app code and its pure-JS packages), built with
 * esbuild when a replay needs workers.
 *
 * Why: a worker started through tsx loads every module through loader hooks again in its own
 * thread, ~2.3 s of CPU before its first case on this machine; the bundle loads in ~0.3 s
 * and takes ~1 s of wall time to build (in esbuild's own process, while the main thread
 * already runs cases). Same sources, same graph: nothing about a case changes.
 *
 * The file goes to node_modules/.cache/scenario/ named by its content hash, so packages
 * left external (database drivers, never reached by a replay) still resolve from the
 * project's node_modules and concurrent replays share one file; bundles of older sources
 * are removed after an hour.
 */

const ENTRY = fileURLToPath(new URL("./replay-worker.ts", import.meta.url));
const CACHE_DIR = fileURLToPath(new URL("../node_modules/.cache/scenario/", import.meta.url));
/** Native or wasm-backed packages a bundle must not inline (a replay never loads them). */
const EXTERNAL = ["@electric-sql/*", "pg", "pg-*", "ioredis", "bullmq", "esbuild", "pdfjs-dist", "@napi-rs/*"];

/**
 * Set at build time when this code runs from the CLI's own bundle (bin/bundle.mjs): that
 * build includes the worker entry, so nothing needs building here.
 */
declare const SCENARIO_BUNDLED_WORKER: string | undefined;

let built: Promise<URL | undefined> | undefined;

/** URL of the bundled worker: the CLI bundle's, else built once per process; undefined when bundling fails (use tsx). */
export function bundledReplayWorker(): Promise<URL | undefined> {
  if (typeof SCENARIO_BUNDLED_WORKER === "string") return Promise.resolve(new URL(SCENARIO_BUNDLED_WORKER));
  built ??= buildBundle().catch(() => undefined);
  return built;
}

async function buildBundle(): Promise<URL> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    logLevel: "silent",
    external: EXTERNAL,
    // CommonJS packages inside an ES module bundle still call require().
    banner: { js: 'import { createRequire as __scenarioRequire } from "node:module"; const require = __scenarioRequire(import.meta.url);' },
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error("esbuild produced no output");
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
  const file = `${CACHE_DIR}replay-worker-${hash}.mjs`;
  await mkdir(CACHE_DIR, { recursive: true });
  // Temp file then rename: a concurrent replay never loads a half-written bundle.
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, code);
  await rename(tmp, file);
  await dropStaleBundles(file);
  return pathToFileURL(file);
}

/** Each source change makes a new bundle (~3.5 MB): drop other ones unused for an hour. */
async function dropStaleBundles(keep: string): Promise<void> {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of await readdir(CACHE_DIR)) {
    const path = `${CACHE_DIR}${name}`;
    if (path === keep || !name.startsWith("replay-worker-")) continue;
    const info = await stat(path).catch(() => undefined);
    if (info && info.mtimeMs < hourAgo) await rm(path, { force: true });
  }
}
