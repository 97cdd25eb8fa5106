import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticRenewalCases } from "../test/renewal-cases.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin", "scenario.mjs");
const dir = mkdtempSync(join(tmpdir(), "scenario-bundle-"));
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 120_000, cwd: dir });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the CLI bundle", () => {
  it("is what the launcher runs, and it lists every source it was built from as it is on disk", () => {
    // Given a command run through the launcher
    expect(run(["--help"]).status).toBe(0);
    // When the build it used is read
    const current = JSON.parse(readFileSync(join(ROOT, "node_modules/.cache/scenario/current.json"), "utf8")) as { dir: string; inputs: Record<string, [number, number]> };
    const main = statSync(join(ROOT, "cli/main.ts"));
    // Then it names a built main.js, and records this very cli/main.ts and the installed packages
    expect(statSync(join(ROOT, "node_modules/.cache/scenario", current.dir, "main.js")).isFile()).toBe(true);
    expect(current.inputs["cli/main.ts"]).toEqual([main.size, main.mtimeMs]);
    expect(current.inputs).toHaveProperty(["node_modules/.package-lock.json"]);
    expect(current.inputs).toHaveProperty(["sandbox/replay-worker.ts"]);
  });

  it("fits, replays and renders an HTML report (files found beside the sources) like the sources do", () => {
    // Given a small renewal history
    const cases = join(dir, "cases.jsonl");
    writeFileSync(cases, syntheticRenewalCases(60).map((c) => JSON.stringify(c)).join("\n") + "\n");
    // When it is fitted and replayed through the bundled CLI, with an HTML report
    const fit = run(["fit", "--agent", "renewal-risk", "--cases", cases, "--out", "model.json"]);
    expect(fit.status, fit.stderr).toBe(0);
    const replay = run(["replay", "--agent", "renewal-risk", "--cases", cases, "--model", "model.json", "--report", "report.json", "--html", "report.html"]);
    // Then every case is decided, the floor is printed beside the speed, and the page inlines its client script
    expect(replay.status, replay.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as { cases: number; floor: { casesPerSecond: number } };
    expect(report.cases).toBe(60);
    expect(report.floor.casesPerSecond).toBeGreaterThan(0);
    expect(replay.stderr).toMatch(/cases\/s.*LangGraph floor for this graph: \d+ cases\/s/);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain("data-charts-drawn");
    expect(html.length).toBeGreaterThan(100_000);
  });
});
