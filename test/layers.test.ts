import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The layering, bottom to top: a file may import its own layer or a lower one, never a
 * higher one, and no files import each other in a loop. Tests and test helpers (test/)
 * are outside the layers: they may import anything, and nothing in a layer imports them.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["core", "config", "db", "cases"],
  ["crm", "models", "knowledge"],
  ["tools"],
  ["agents"],
  ["sandbox"],
  ["evals"],
  ["queue", "server"],
  ["app"],
  ["bench", "cli", "bin"],
];
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const rank = new Map(LAYERS.flatMap((folders, i) => folders.map((f) => [f, i] as const)));

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sources(path);
    return /\.(ts|mjs)$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [path] : [];
  });
}

/** Relative imports of one file (static and dynamic), as repo paths. A process spawned from a path is not an import. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specs = [...text.matchAll(/(?:from\s+|import\(\s*)["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1] as string);
  return specs.map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)));
}

const top = (file: string) => file.split("/")[0] as string;
const files = [...rank.keys()].flatMap((folder) => {
  try {
    return sources(folder);
  } catch {
    return [];
  }
});
const graph = new Map(files.map((f) => [f, importsOf(f).filter((i) => i !== f)]));

describe("layers", () => {
  it("puts every production folder in a layer", () => {
    const folders = readdirSync(ROOT, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith(".") && !["node_modules", "test", "vendor", "docs", "out", "scratch"].includes(e.name));
    expect(folders.map((e) => e.name).filter((n) => !rank.has(n))).toEqual([]);
  });

  it("has no import from a lower layer to a higher one, and none into test/", () => {
    const upward: string[] = [];
    for (const [file, deps] of graph) {
      for (const dep of deps) {
        const to = rank.get(top(dep));
        if (top(dep) === "test") upward.push(`${file} -> ${dep} (test scaffolding)`);
        else if (to !== undefined && to > (rank.get(top(file)) as number)) upward.push(`${file} -> ${dep}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("has no files that import each other in a loop", () => {
    // Tarjan's strongly connected components over the file graph.
    let index = 0;
    const stack: string[] = [];
    const meta = new Map<string, { index: number; low: number; onStack: boolean }>();
    const loops: string[][] = [];
    const visit = (v: string): void => {
      const m = { index, low: index, onStack: true };
      index++;
      meta.set(v, m);
      stack.push(v);
      for (const w of graph.get(v) ?? []) {
        if (!graph.has(w)) continue;
        const mw = meta.get(w);
        if (!mw) {
          visit(w);
          m.low = Math.min(m.low, (meta.get(w) as typeof m).low);
        } else if (mw.onStack) m.low = Math.min(m.low, mw.index);
      }
      if (m.low === m.index) {
        const component: string[] = [];
        for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
          (meta.get(w) as typeof m).onStack = false;
          component.push(w);
          if (w === v) break;
        }
        if (component.length > 1) loops.push(component.sort());
      }
    };
    for (const f of graph.keys()) if (!meta.has(f)) visit(f);
    expect(loops).toEqual([]);
  });
});
