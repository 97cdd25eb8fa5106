import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runEval } from "../cli/commands/eval.ts";
import type { BinaryModelFile } from "../models/types.ts";
import type { ReplayReport } from "../sandbox/types.ts";
import { binaryReplay, syntheticCases } from "../test/eval-fixtures.ts";
import { evaluateGates } from "./gates.ts";
import { GateSpec, Suite } from "./suite-schema.ts";
import type { SuiteDeps, SuiteReport } from "./suite.ts";

const cases = syntheticCases(400, { DE: 0.3, FR: 0.3 });

function model(id: string): BinaryModelFile {
  return { format: "scenario-model/1", id, agent: "renewal-risk", learner: "test", training: { cases: 0, cv: {}, notes: [] }, kind: "binary", threshold: 0.5, thresholdRule: "test", params: {} };
}

/** Hand-made replays: the model id picks the separation; faults add errors but keep every case. */
function deps(calls: string[] = []): SuiteDeps {
  return {
    loadModel: async (file) => model(file.endsWith("weak.json") ? "weak" : file.endsWith("strong.json") ? "strong" : "current"),
    replay: async ({ model: m, faults }): Promise<ReplayReport> => {
      calls.push(`${m.id}${faults ? "+faults" : ""}`);
      const separation = m.id === "weak" ? 0.3 : m.id === "strong" ? 2.5 : 1.5;
      return binaryReplay(cases, { separation, seed: m.id.length, model: m.id, ...(faults ? { errorRate: 0.2 } : {}) });
    },
  };
}

/** A case file with the same ids, so segments read real cases through cases/reader.ts. */
async function workspace(suite: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "suite-"));
  const lines = cases.map((c) =>
    JSON.stringify({ id: c.id, agent: "renewal-risk", asOf: "2026-01-01", account: { id: c.id, country: c.group, attributes: { csm: c.id.length % 2 ? "a" : "b" } }, outcome: { churned: c.label } }),
  );
  await writeFile(join(dir, "cases.jsonl"), `${lines.join("\n")}\n`);
  await writeFile(join(dir, "suite.json"), JSON.stringify(suite));
  return dir;
}

const sink = () => {
  let text = "";
  const stream = new Writable({ write: (chunk, _e, cb) => ((text += String(chunk)), cb()) });
  return { stream, text: () => text };
};

describe("evaluateGates", () => {
  const gate = (g: unknown) => GateSpec.parse(g);
  it("resolves baseline references and compares", () => {
    const [a, b] = evaluateGates([gate({ metric: "auc", op: ">=", value: "baseline-0.005" }), gate({ metric: "falsePositiveRate", op: "<=", value: 0.1 })], { auc: 0.8, falsePositiveRate: 0.12 }, { auc: 0.804 });
    expect(a).toMatchObject({ passed: true, expected: 0.799, actual: 0.8 });
    expect(a!.expected).toBeCloseTo(0.799, 12);
    expect(b).toMatchObject({ passed: false, expected: 0.1, actual: 0.12 });
  });

  it("fails a gate whose metric or baseline is missing instead of passing it silently", () => {
    const [a, b] = evaluateGates([gate({ metric: "auc", op: ">=", value: "baseline" }), gate({ metric: "nope", op: "<", value: 1 })], { auc: 0.9 });
    expect(a).toMatchObject({ passed: false, note: expect.stringMatching(/no baseline/) });
    expect(b).toMatchObject({ passed: false, note: expect.stringMatching(/not available/) });
  });

  it("rejects a malformed gate value in the suite", () => {
    expect(GateSpec.safeParse({ metric: "auc", op: ">=", value: "current-0.1" }).success).toBe(false);
    expect(Suite.safeParse({ entries: [{ agent: "renewal-risk", cases: "x", model: "m", autonomy: { writePolicy: "p.json" } }] }).success).toBe(false);
  });
});

describe("scenario eval", () => {
  it("runs a suite: comparison, segments, faults, autonomy written to the policy, JSON + HTML, exit 0", async () => {
    // Given a suite comparing a strong candidate with the current model
    const dir = await workspace({
      name: "nightly",
      entries: [
        {
          agent: "renewal-risk",
          cases: "cases.jsonl",
          model: "strong.json",
          baseline: "current.json",
          segments: ["country", "csm"],
          gates: [{ metric: "auc", op: ">=", value: "baseline-0.005" }, { metric: "faults.lost", op: "==", value: 0 }, { metric: "compare.promote", op: "==", value: 1 }],
          autonomy: { targetFpr: 0.1, minSupport: 50, writePolicy: "policy.json" },
          faults: { toolTimeoutRate: 0.1, toolErrorRate: 0.1, seed: 3 },
          compare: { resamples: 200 },
        },
      ],
    });
    const calls: string[] = [];
    const out = sink();
    // When running it
    const code = await runEval(["--suite", join(dir, "suite.json"), "--report", join(dir, "out", "r.json"), "--html", join(dir, "out", "r.html")], deps(calls), out.stream);
    // Then it passes, replaying the candidate, the baseline and the candidate with faults
    expect(code).toBe(0);
    expect(calls).toEqual(["strong", "current", "strong+faults"]);
    const report = JSON.parse(await readFile(join(dir, "out", "r.json"), "utf8")) as SuiteReport;
    const e = report.entries[0]!;
    expect(e.comparison!.metrics["auc"]!.diff).toBeGreaterThan(0);
    expect(e.promote!.promote).toBe(true);
    expect(e.segments!.map((s) => s.field)).toEqual(["country", "csm"]);
    expect(e.segments![0]!.groups.map((g) => g.value).sort()).toEqual(["DE", "FR"]);
    expect(e.faults).toMatchObject({ lost: { count: 0 }, decisions: 400 });
    expect(e.faults!.errorRate).toBeGreaterThan(0.1);
    // And the tuned threshold is in the policy file
    const policy = JSON.parse(await readFile(join(dir, "policy.json"), "utf8"));
    expect(policy.agents["renewal-risk"].autoExecuteAbove).toBe(e.autonomy!.overall.threshold);
    expect(Object.keys(policy.agents["renewal-risk"].segments)).toEqual(expect.arrayContaining(["country=DE", "country=FR", "csm=a", "csm=b"]));
    // And the summary and HTML say so
    expect(out.text()).toMatch(/PASS {2}renewal-risk:cases.jsonl/);
    expect(out.text()).toMatch(/all 1 entries passed/);
    const html = await readFile(join(dir, "out", "r.html"), "utf8");
    expect(html).toContain('data-chart="roc"');
  });

  it("exits non-zero when a gate fails, naming the gate", async () => {
    // Given a weak candidate that must not lose AUC against the current model
    const dir = await workspace({
      entries: [{ name: "weak-vs-current", agent: "renewal-risk", cases: "cases.jsonl", model: "weak.json", baseline: "current.json", gates: [{ metric: "auc", op: ">=", value: "baseline-0.005" }], compare: { resamples: 100 } }],
    });
    const out = sink();
    // When running it
    const code = await runEval(["--suite", join(dir, "suite.json")], deps(), out.stream);
    // Then the exit code is 1 and the failing gate and the refused promotion are printed
    expect(code).toBe(1);
    expect(out.text()).toMatch(/FAIL {2}weak-vs-current/);
    expect(out.text()).toMatch(/^weak-vs-current\s+renewal-risk\s+400\s+auc 0\.\d+\s+Δ -0\.\d+\s+0\/1\s+FAIL$/m);
    expect(out.text()).toMatch(/gate FAIL auc >= baseline-0.005/);
    expect(out.text()).toMatch(/promote: REFUSED/);
  });

  it("fails an overrides entry clearly while the database loader is not wired", async () => {
    const dir = await workspace({ entries: [{ agent: "renewal-risk", cases: "overrides", model: "current.json" }] });
    const out = sink();
    expect(await runEval(["--suite", join(dir, "suite.json")], deps(), out.stream)).toBe(1);
    expect(out.text()).toMatch(/overrides dataset needs a database loader/);
    // And with an injected loader the same entry runs
    const withLoader: SuiteDeps = { ...deps(), loadOverrides: async () => join(dir, "cases.jsonl") };
    expect(await runEval(["--suite", join(dir, "suite.json")], withLoader, sink().stream)).toBe(0);
  });

  it("rejects an invalid suite file with the problem's path", async () => {
    const dir = await workspace({ entries: [{ agent: "renewal-risk", cases: "cases.jsonl", model: "m.json", gates: [{ metric: "auc", op: "=>", value: 1 }] }] });
    await expect(runEval(["--suite", join(dir, "suite.json")], deps())).rejects.toThrow(/entries\.0\.gates\.0\.op/);
  });
});

describe("signalNotes", () => {
  it("warns when the AUC interval includes 0.5 and stays quiet for a model with signal", async () => {
    const { signalNotes } = await import("./suite.ts");
    // Given 200 cases, 60 positive: SE(0.52) ≈ 0.045, so 0.52 is within noise of 0.5
    const weak: Record<string, number> = { auc: 0.52, positives: 60, n: 200 };
    expect(signalNotes("lead-triage", weak)[0]).toMatch(/No evidence of signal: AUC 0.520/);
    expect(weak["aucCiLow"]).toBeLessThan(0.5);
    expect(signalNotes("lead-triage", { auc: 0.8, positives: 60, n: 200 })).toEqual([]);
    expect(signalNotes("service-routing", { queueAccuracy: 0.5 })).toEqual([]);
  });
});
