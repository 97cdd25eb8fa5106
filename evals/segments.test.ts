import { describe, expect, it } from "vitest";
import type { Case } from "../cases/schema.ts";
import type { ReplayDecision } from "../sandbox/types.ts";
import { binaryReplay, routingReplay, syntheticCases } from "../test/eval-fixtures.ts";
import { MISSING, segmentMaps, segmentValue } from "./segment-values.ts";
import { segmentReport } from "./segments.ts";

const renewal = {
  id: "A-1",
  agent: "renewal-risk",
  asOf: "2026-01-01",
  account: { id: "A-1", country: "DE", plan: "pro", attributes: { csm: "j.doe", "Lead Origin": "web", isTrial: false } },
  usage: [],
  tickets: [],
  events: [],
} as Case;

describe("segment values from cases", () => {
  it("resolves a dotted path, a short subject field, an attribute name, and marks missing values", () => {
    expect(segmentValue(renewal, "account.country")).toBe("DE");
    expect(segmentValue(renewal, "country")).toBe("DE");
    expect(segmentValue(renewal, "csm")).toBe("j.doe");
    expect(segmentValue(renewal, "Lead Origin")).toBe("web");
    expect(segmentValue(renewal, "isTrial")).toBe("false");
    expect(segmentValue(renewal, "industry")).toBe(MISSING);
    const maps = segmentMaps([renewal], ["plan"]);
    expect(maps["plan"]!("A-1")).toBe("pro");
    expect(maps["plan"]!("unknown-id")).toBe(MISSING);
  });
});

describe("segmentReport", () => {
  const cases = syntheticCases(1800, { DE: 0.3, FR: 0.3, US: 0.3 });
  const groupOf = new Map(cases.map((c) => [c.id, c.group]));
  const segmentOf = (id: string) => groupOf.get(id)!;

  it("flags a group alerted far more often than the others at the same outcome rate", () => {
    // Given FR scores pushed up by +1.5 log-odds regardless of outcome
    const r = binaryReplay(cases, { bias: { FR: 1.5 } });
    // When breaking metrics down by country
    const seg = segmentReport("renewal-risk", r.decisions, "country", segmentOf);
    // Then every group has its metrics
    expect(seg.groups.map((g) => g.value).sort()).toEqual(["DE", "FR", "US"]);
    expect(seg.groups.every((g) => g.n === 600 && Number.isFinite(g.metrics["auc"]))).toBe(true);
    // And FR's alert rate is far above the rest at a similar outcome rate: flagged
    const fr = seg.disparities.find((d) => d.value === "FR")!;
    expect(Math.abs(fr.outcomeRatio - 1)).toBeLessThan(0.2);
    expect(fr.triggerRatio).toBeGreaterThan(1.25);
    expect(fr.flagged).toBe(true);
    expect(seg.disparities[0]!.value).toBe("FR");
    // And the trigger-rate and false-positive-rate gaps are flagged with FR on top
    const tr = seg.gaps.find((g) => g.metric === "triggerRate")!;
    expect(tr).toMatchObject({ flagged: true, high: { value: "FR" } });
    expect(seg.flags.some((f) => f.startsWith("country=FR: alerted"))).toBe(true);
  });

  it("flags nothing when groups are treated alike", () => {
    const r = binaryReplay(cases, {});
    const seg = segmentReport("renewal-risk", r.decisions, "country", segmentOf);
    expect(seg.disparities.some((d) => d.flagged)).toBe(false);
    expect(seg.flags).toEqual([]);
  });

  it("does not flag a group that alerts more because it churns more", () => {
    // Given US churns at 60% vs 20% elsewhere, with an unbiased model
    const uneven = syntheticCases(1800, { DE: 0.2, FR: 0.2, US: 0.6 });
    const groups = new Map(uneven.map((c) => [c.id, c.group]));
    const seg = segmentReport("renewal-risk", binaryReplay(uneven).decisions, "country", (id) => groups.get(id)!);
    const us = seg.disparities.find((d) => d.value === "US")!;
    // Then US alerts more, but in proportion to its outcomes: the alert-per-outcome disparity is within bounds
    expect(us.triggerRatio).toBeGreaterThan(1.5);
    expect(us.flagged).toBe(false);
  });

  it("does not flag a large-looking gap between small groups that sampling noise explains", () => {
    // Given two groups of 40 alerted 30% and 45% of the time at the same 25% outcome rate
    const mk = (g: string, i: number, alerts: number): ReplayDecision => ({
      id: `${g}-${i}`, line: i, score: i < alerts ? 0.9 : 0.1, decision: i < alerts ? "alert" : "no_alert", topFactors: [],
      actual: { label: i % 4 === 0 }, latencyMs: 1, status: "completed", errors: [],
    });
    const ds = [...Array.from({ length: 40 }, (_, i) => mk("a", i, 12)), ...Array.from({ length: 40 }, (_, i) => mk("b", i, 18))];
    // When breaking down
    const seg = segmentReport("renewal-risk", ds, "g", (id) => id.slice(0, 1));
    // Then the 0.15 trigger-rate gap is reported with its z (about 1.4) but not flagged
    const tr = seg.gaps.find((g) => g.metric === "triggerRate")!;
    expect(tr.gap).toBeCloseTo(0.15, 10);
    expect(tr.z!).toBeCloseTo(0.15 / Math.sqrt((0.3 * 0.7) / 40 + (0.45 * 0.55) / 40), 10);
    expect(tr.flagged).toBe(false);
    expect(seg.disparities.every((d) => !d.flagged)).toBe(true);
  });

  it("keeps small groups visible but out of gaps", () => {
    const r = binaryReplay(cases, {});
    const seg = segmentReport("renewal-risk", r.decisions, "x", (id) => (id === "C-0" ? "tiny" : "big"), { minSupport: 30 });
    expect(seg.groups.find((g) => g.value === "tiny")).toMatchObject({ n: 1, lowSupport: true });
    expect(seg.gaps).toEqual([]);
  });

  it("measures routing accuracy per group", () => {
    const r = routingReplay(400, 0.8);
    const seg = segmentReport("service-routing", r.decisions, "lang", (id) => (Number(id.slice(2)) % 2 ? "de" : "en"), { minSupport: 10 });
    expect(seg.groups).toHaveLength(2);
    expect(seg.groups[0]!.metrics["queueAccuracy"]).toBeGreaterThan(0.5);
    expect(seg.disparities).toEqual([]);
  });
});
