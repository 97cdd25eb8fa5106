import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PolicyConfig } from "../agents/shared/policy-config.ts";
import { calibrateAutonomy, chooseThreshold, writeAutonomyPolicy } from "./autonomy.ts";
import { binaryPairs } from "./curves.ts";
import { binaryReplay, routingReplay, syntheticCases } from "../test/eval-fixtures.ts";

const cases = syntheticCases(3000, { DE: 0.3, FR: 0.3, NL: 0.3 });

describe("chooseThreshold", () => {
  it("meets the target false-positive rate with the most recall", () => {
    // Given a replay of 3000 synthetic cases
    const pairs = binaryPairs(binaryReplay(cases).decisions);
    // When choosing for FPR <= 5%
    const t = chooseThreshold(pairs, { targetFpr: 0.05 });
    // Then acting on score >= threshold has FPR at most 5%, recomputed by hand
    const neg = pairs.filter((p) => p.label === 0);
    const pos = pairs.filter((p) => p.label === 1);
    const fpr = neg.filter((p) => p.score >= t.threshold!).length / neg.length;
    expect(fpr).toBeLessThanOrEqual(0.05);
    expect(t.fpr).toBeCloseTo(fpr, 12);
    // And any lower observed score would break the target (it is the lowest that meets it)
    const next = Math.max(...pairs.filter((p) => p.score < t.threshold!).map((p) => p.score));
    expect(neg.filter((p) => p.score >= next).length / neg.length).toBeGreaterThan(0.05);
    expect(t.recall).toBeCloseTo(pos.filter((p) => p.score >= t.threshold!).length / pos.length, 12);
  });

  it("meets a target precision, and says 'always ask' when no threshold can", () => {
    const pairs = binaryPairs(binaryReplay(cases).decisions);
    const t = chooseThreshold(pairs, { targetPrecision: 0.9 });
    const acted = pairs.filter((p) => p.score >= t.threshold!);
    expect(acted.filter((p) => p.label === 1).length / acted.length).toBeGreaterThanOrEqual(0.9);
    // Given a useless model (no separation), 99% precision is out of reach
    const noise = binaryPairs(binaryReplay(cases, { separation: 0 }).decisions);
    expect(chooseThreshold(noise, { targetPrecision: 0.99 })).toMatchObject({ threshold: null, autoRate: 0 });
  });
});

describe("calibrateAutonomy", () => {
  it("tunes each large-enough segment to the target and falls back to the overall threshold for small ones", () => {
    // Given DE scores shifted up (a miscalibrated group), and a tiny group
    const groups = new Map(cases.map((c) => [c.id, c.id === "C-0" || c.id === "C-1" ? "LU" : c.group]));
    const r = binaryReplay(cases, { bias: { DE: 1 } });
    // When calibrating for FPR <= 10% per country
    const res = calibrateAutonomy("renewal-risk", r.decisions, { targetFpr: 0.1 }, { segments: { country: (id) => groups.get(id)! }, minSupport: 100 });
    // Then each tuned segment meets the target on its own cases
    for (const key of ["country=DE", "country=FR", "country=NL"]) {
      expect(res.segments[key]!.fellBack).toBe(false);
      expect(res.segments[key]!.fpr).toBeLessThanOrEqual(0.1);
    }
    // And DE needs a stricter threshold than the others
    expect(res.segments["country=DE"]!.threshold!).toBeGreaterThan(res.segments["country=FR"]!.threshold!);
    // And LU (2 cases) uses the overall threshold, with the reason
    expect(res.segments["country=LU"]).toMatchObject({ fellBack: true, threshold: res.overall.threshold });
    expect(res.segments["country=LU"]!.reason).toMatch(/minimum support 100/);
  });

  it("treats a routed ticket as positive when its queue was right", () => {
    const res = calibrateAutonomy("service-routing", routingReplay(800, 0.7).decisions, { targetPrecision: 0.95 });
    expect(res.overall.threshold).not.toBeNull();
    expect(res.overall.precision).toBeGreaterThanOrEqual(0.95);
  });
});

describe("writeAutonomyPolicy", () => {
  it("writes autoExecuteAbove and segment thresholds, keeping every other setting", async () => {
    // Given a policy file with settings for two agents
    const dir = await mkdtemp(join(tmpdir(), "autonomy-"));
    const file = join(dir, "policy.json");
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        agents: {
          "renewal-risk": { alertThreshold: 0.4, alwaysAsk: ["send_email"], settings: { arrBands: [10000, 50000] }, segments: { "plan=pro": { autoExecuteAbove: 0.7 } } },
          "lead-triage": { autoExecuteAbove: 0.8 },
        },
      }),
    );
    const r = binaryReplay(cases);
    const groups = new Map(cases.map((c) => [c.id, c.group]));
    const res = calibrateAutonomy("renewal-risk", r.decisions, { targetFpr: 0.1 }, { segments: { country: (id) => groups.get(id)! } });
    // When writing
    await writeAutonomyPolicy(file, res);
    // Then the file is a valid policy with the new thresholds and the old settings
    const saved = PolicyConfig.parse(JSON.parse(await readFile(file, "utf8")));
    const rr = saved.agents["renewal-risk"]!;
    expect(rr.autoExecuteAbove).toBe(res.overall.threshold);
    expect(rr.segments["country=DE"]!.autoExecuteAbove).toBe(res.segments["country=DE"]!.threshold);
    expect(rr.segments["plan=pro"]!.autoExecuteAbove).toBe(0.7);
    expect(rr).toMatchObject({ alertThreshold: 0.4, alwaysAsk: ["send_email"], settings: { arrBands: [10000, 50000] } });
    expect(saved.agents["lead-triage"]!.autoExecuteAbove).toBe(0.8);
  });

  it("creates the file when missing and refuses a corrupt one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "autonomy-"));
    const res = calibrateAutonomy("lead-triage", binaryReplay(cases, { agent: "lead-triage" }).decisions, { targetFpr: 0.05 });
    const saved = await writeAutonomyPolicy(join(dir, "sub", "new.json"), res);
    expect(saved.agents["lead-triage"]!.autoExecuteAbove).toBe(res.overall.threshold);
    await writeFile(join(dir, "bad.json"), "{not json");
    await expect(writeAutonomyPolicy(join(dir, "bad.json"), res)).rejects.toThrow(/not valid JSON/);
  });
});
