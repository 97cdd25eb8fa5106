import { describe, expect, it } from "vitest";
import type { ReplayReport } from "../sandbox/types.ts";
import { compareReplays, promoteDecision } from "./compare.ts";
import { binaryReplay, routingReplay, syntheticCases } from "../test/eval-fixtures.ts";

const cases = syntheticCases(600, { DE: 0.3, FR: 0.3 });

describe("compareReplays", () => {
  it("finds no difference between identical models: AUC diff 0 with CI [0, 0], nothing flipped, promoted", () => {
    // Given the same model replayed twice
    const a = binaryReplay(cases, { seed: 1 });
    const b = binaryReplay(cases, { seed: 1 });
    // When comparing
    const cmp = compareReplays(a, b, { resamples: 300, seed: 9 });
    // Then
    expect(cmp.matched).toBe(600);
    expect(cmp.metrics["auc"]).toMatchObject({ diff: 0, ci: [0, 0] });
    expect(cmp.flips).toMatchObject({ better: 0, worse: 0 });
    expect(cmp.mcnemar.pValue).toBe(1);
    expect(promoteDecision(cmp).promote).toBe(true);
  });

  it("gives an interval that excludes 0 for a clearly weaker model, and refuses to promote it", () => {
    // Given a strong baseline and a weak candidate on the same cases
    const base = binaryReplay(cases, { separation: 2, seed: 1, model: "v1" });
    const cand = binaryReplay(cases, { separation: 0.4, seed: 2, model: "v2" });
    // When comparing and deciding
    const cmp = compareReplays(base, cand, { resamples: 300, seed: 9 });
    const decision = promoteDecision(cmp);
    // Then the AUC drop is measured with an interval entirely below 0
    const auc = cmp.metrics["auc"]!;
    expect(auc.diff).toBeLessThan(-0.1);
    expect(auc.ci![1]).toBeLessThan(0);
    expect(auc.ci![0]).toBeLessThanOrEqual(auc.diff);
    expect(cmp.flips.worse).toBeGreaterThan(cmp.flips.better);
    // And the worse cases come first, with the candidate's top factors to read
    expect(cmp.flips.cases[0]!.direction).toBe("worse");
    expect(cmp.flips.cases[0]!.candidate.topFactors.length).toBeGreaterThan(0);
    expect(decision.promote).toBe(false);
    expect(decision.reasons.join(" ")).toMatch(/auc within tolerance/);
    expect(decision.reasons.join(" ")).toMatch(/CI not entirely below 0/);
  });

  it("promotes a better model", () => {
    const base = binaryReplay(cases, { separation: 0.6, seed: 1 });
    const cand = binaryReplay(cases, { separation: 2, seed: 2 });
    const cmp = compareReplays(base, cand, { resamples: 200 });
    expect(cmp.metrics["auc"]!.ci![0]).toBeGreaterThan(0);
    expect(promoteDecision(cmp)).toMatchObject({ promote: true, reasons: [] });
  });

  it("refuses a candidate that lost cases, and matches the rest by id whatever the order", () => {
    const base = binaryReplay(cases, { seed: 1 });
    const full = binaryReplay(cases, { seed: 1 });
    const cand: ReplayReport = { ...full, decisions: [...full.decisions].reverse().slice(5) };
    const cmp = compareReplays(base, cand, { resamples: 100 });
    expect(cmp.matched).toBe(595);
    expect(cmp.onlyBaseline.count).toBe(5);
    expect(cmp.metrics["auc"]!.diff).toBe(0);
    expect(promoteDecision(cmp).reasons.join(" ")).toMatch(/5 missing from the candidate/);
  });

  it("compares routing accuracy with McNemar and refuses a significantly worse router", () => {
    // Given a router right 85% of the time and one right 60% of the time
    const base = routingReplay(400, 0.85, { seed: 3, model: "r1" });
    const cand = routingReplay(400, 0.6, { seed: 4, model: "r2" });
    // When comparing
    const cmp = compareReplays(base, cand, { resamples: 200 });
    // Then McNemar counts the discordant cases and finds the drop significant
    expect(cmp.mcnemar.metric).toBe("queueAccuracy");
    expect(cmp.mcnemar.b).toBeGreaterThan(cmp.mcnemar.c);
    expect(cmp.mcnemar.b + cmp.mcnemar.c).toBe(cmp.flips.better + cmp.flips.worse);
    expect(cmp.mcnemar.pValue).toBeLessThan(0.001);
    expect(cmp.metrics["queueAccuracy"]!.ci![1]).toBeLessThan(0);
    expect(cmp.priorityMcnemar?.pValue).toBe(1); // same priority predictions in both
    expect(promoteDecision(cmp).promote).toBe(false);
  });

  it("counts lead-triage's \"prioritise\" as acting on the case", () => {
    // Given the same lead replay with decisions named as the lead-triage graph names them
    const base = binaryReplay(cases, { agent: "lead-triage", separation: 2, seed: 1 });
    const rename = (r: ReplayReport): ReplayReport => ({ ...r, decisions: r.decisions.map((d) => ({ ...d, decision: d.decision === "alert" ? "prioritise" : "nurture" })) });
    // When comparing the renamed replay with the original
    const cmp = compareReplays(base, rename(base), { resamples: 100 });
    // Then nothing changed: same accuracy and trigger rate, no flips
    expect(cmp.metrics["accuracy"]!.diff).toBe(0);
    expect(cmp.metrics["triggerRate"]!.candidate).toBeGreaterThan(0.1);
    expect(cmp.flips.better + cmp.flips.worse).toBe(0);
  });

  it("refuses to compare different agents", () => {
    expect(() => compareReplays(binaryReplay(cases), routingReplay(10, 0.5))).toThrow(/cannot compare/);
  });
});
