// The CLI as plain ES modules, built with esbuild on first use and whenever a source file it
// was built from changes; `bin/scenario.mjs` runs it instead of compiling TypeScript through
// tsx at every start (~3.5 s before a replay's first case on the 2-core machine).
//
// - What is bundled: the project's own sources, from two entries — cli/main.ts and the replay
//   worker (sandbox/replay-worker.ts) — split into shared chunks, so a command loads only its
//   own code — and the pure-JS packages they import: loading one file instead of a thousand
//   through Node's module resolution is most of the start-up saved. Native, wasm and
//   file-reading packages stay external (EXTERNAL) and load from node_modules as usual.
// - Where: node_modules/.cache/scenario/cli-<id>/, named by `current.json` (written last, by
//   rename, so a concurrent start never reads a half-written build); builds no process has
//   started from for a day are removed.
// - When: `current.json` lists every source file with its size and mtime, and npm's record of
//   the installed packages (node_modules/.package-lock.json); any difference, a new
//   BUILD_VERSION or another Node version means a rebuild (≈ 1 s).
// - `import.meta.url` / `import.meta.dirname` in a source file keep meaning that source file
//   (files found beside sources: playbooks, the report's client script, case data).
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Bump when the build options change: every cached build is then stale. */
const BUILD_VERSION = 2;
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CACHE = join(ROOT, "node_modules", ".cache", "scenario");
const CURRENT = join(CACHE, "current.json");
/** Rewritten by npm on every install: stands for all the bundled packages' files. */
const INSTALLED = "node_modules/.package-lock.json";
/** Packages a bundle must not inline: native or wasm code, files read beside their sources, or never loaded by a start. */
const EXTERNAL = ["@electric-sql/*", "pg", "pg-*", "pgvector", "ioredis", "bullmq", "esbuild", "tsx", "pdfjs-dist", "@napi-rs/*", "playwright-core", "chart.js", "msgpackr-extract"];

/** The URL of the bundled `cli/main.ts` (built now if missing or stale); undefined when esbuild cannot build it. */
export async function bundledCli() {
  const fresh = await freshBuild();
  if (fresh) {
    // Marks the build as in use, so a rebuild elsewhere does not remove it from under this process.
    const now = new Date();
    await utimes(join(CACHE, fresh), now, now).catch(() => {});
    return pathToFileURL(join(CACHE, fresh, "main.js"));
  }
  try {
    return pathToFileURL(join(CACHE, await buildCli(), "main.js"));
  } catch (err) {
    process.stderr.write(`scenario: could not bundle the CLI (${err instanceof Error ? err.message : String(err)}); running the TypeScript sources through tsx\n`);
    return undefined;
  }
}

/** The current build's folder when every file it was built from is unchanged, else undefined. */
async function freshBuild() {
  let current;
  try {
    current = JSON.parse(await readFile(CURRENT, "utf8"));
  } catch {
    return undefined;
  }
  if (current.version !== BUILD_VERSION || current.node !== process.version) return undefined;
  const checks = Object.entries(current.inputs).map(async ([file, [size, mtimeMs]]) => {
    const s = await stat(join(ROOT, file)).catch(() => undefined);
    return s !== undefined && s.size === size && s.mtimeMs === mtimeMs;
  });
  return (await Promise.all(checks)).every(Boolean) ? current.dir : undefined;
}

async function buildCli() {
  const { build } = await import("esbuild");
  const dir = `cli-${Date.now().toString(36)}-${process.pid}`;
  const out = join(CACHE, dir);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: "cli/main.ts", "replay-worker": "sandbox/replay-worker.ts" },
    outdir: out,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: EXTERNAL,
    // Less text to read and parse at every start (most of it); names kept for stack traces.
    minify: true,
    keepNames: true,
    metafile: true,
    // CommonJS packages inside ES modules still call require().
    banner: { js: 'import { createRequire as __scenarioRequire } from "node:module"; const require = __scenarioRequire(import.meta.url);' },
    logLevel: "silent",
    // The bundled replay starts its worker threads from this build's own worker entry.
    define: { SCENARIO_BUNDLED_WORKER: JSON.stringify(pathToFileURL(join(out, "replay-worker.js")).href) },
    plugins: [sourceLocations],
  });
  const inputs = {};
  const own = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith("node_modules/"));
  for (const file of [...own, INSTALLED]) {
    const s = await stat(join(ROOT, file));
    inputs[file] = [s.size, s.mtimeMs];
  }
  const tmp = `${CURRENT}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify({ version: BUILD_VERSION, node: process.version, dir, inputs }));
  await rename(tmp, CURRENT);
  await dropStaleBuilds(dir);
  return dir;
}

/** Rewrites `import.meta.url` / `import.meta.dirname` in each project source to that source's own location. */
const sourceLocations = {
  name: "source-locations",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (relative(ROOT, args.path).startsWith("node_modules")) return undefined;
      const text = await readFile(args.path, "utf8");
      const contents = text
        .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll("import.meta.dirname", JSON.stringify(dirname(args.path)));
      return { contents, loader: "ts" };
    });
  },
};

/** Builds other than `keep` that no process has started from for a day (a long-running server may still load chunks of its own). */
async function dropStaleBuilds(keep) {
  const dayAgo = Date.now() - 86_400_000;
  await mkdir(CACHE, { recursive: true });
  for (const name of await readdir(CACHE)) {
    if (name === keep || !name.startsWith("cli-")) continue;
    const info = await stat(join(CACHE, name)).catch(() => undefined);
    if (info && info.mtimeMs < dayAgo) await rm(join(CACHE, name), { recursive: true, force: true });
  }
}

// `node bin/bundle.mjs` (npm's `prepare`, after `npm ci`): build now so the first command starts at
// full speed. Never fails the install: a command builds (or falls back to tsx) on its own.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await bundledCli().catch(() => undefined);
}
