import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readCases } from "../../cases/reader.ts";
import type { LeadCase, RenewalCase } from "../../cases/schema.ts";
import { auc } from "../../core/metrics.ts";
import { explainBinary, scoreBinary } from "../score.ts";
import type { BinaryModelFile, FeatureRow } from "../types.ts";
import { caseRow, fitBinaryModel } from "./fit-binary.ts";

const DATA = join(import.meta.dirname, "../../../shared/data/cases");

async function load<C extends RenewalCase | LeadCase>(file: string, agent: C["agent"], limit = Infinity): Promise<C[]> {
  const { cases } = await readCases(join(DATA, file), { agent, requireOutcome: true });
  return cases.slice(0, limit).map((c) => c.case as C);
}

let renewalTrain: RenewalCase[];
let renewalTest: RenewalCase[];
let model: BinaryModelFile;

beforeAll(async () => {
  renewalTrain = await load<RenewalCase>("renewal-ravenstack.train.jsonl", "renewal-risk");
  renewalTest = await load<RenewalCase>("renewal-ravenstack.test.jsonl", "renewal-risk");
  model = fitBinaryModel("renewal-risk", renewalTrain, { seed: 7 });
});

describe("fitBinaryModel", () => {
  it("is deterministic: same cases and seed give identical bytes and id", () => {
    // Given the same training cases and seed / When fitted twice
    const again = fitBinaryModel("renewal-risk", renewalTrain, { seed: 7 });
    // Then the files are byte-identical
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
    expect(again.id).toBe(model.id);
  });

  it("changes its version id when the training data change", () => {
    const other = fitBinaryModel("renewal-risk", renewalTrain.slice(0, 150), { seed: 7, folds: 3 });
    expect(other.id).not.toBe(model.id);
  });

  it("records cross-validation, a threshold rule and notes", () => {
    expect(model.training.cases).toBe(renewalTrain.length);
    expect(model.training.cv.auc).toBeGreaterThan(0.5);
    expect(model.training.cv.aucStd).toBeGreaterThanOrEqual(0);
    expect(model.threshold).toBeGreaterThan(0);
    expect(model.threshold).toBeLessThan(1);
    expect(model.thresholdRule).toMatch(/F1/);
    expect(model.training.notes.join(" ")).toMatch(/cross-validated AUC/);
  });

  it("still fits, scores and says so when no feature varies", () => {
    // Given cases that all look the same
    const same = renewalTrain.slice(0, 60).map((c) => ({ ...c, account: { id: c.account.id }, usage: [], tickets: [], events: [] }));
    // When fitted / Then the model is a base rate with a "no signal" note
    const m = fitBinaryModel("renewal-risk", same, { seed: 1 });
    expect(m.training.notes.join(" ")).toMatch(/no signal/);
    const s = scoreBinary(m, caseRow(same[0]!).row);
    expect(s.topFactors).toEqual([]);
    expect(s.probability).toBeGreaterThan(0);
  });

  it("refuses data with a single outcome class", () => {
    const allKept = renewalTrain.filter((c) => c.outcome?.churned === false);
    expect(() => fitBinaryModel("renewal-risk", allKept)).toThrow(/positive/);
  });
});

describe("scoreBinary", () => {
  it("contributions plus the base value equal the logit, for every test case", () => {
    for (const c of renewalTest) {
      const { row } = caseRow(c);
      const e = explainBinary(model, row);
      const sum = e.base + e.factors.reduce((s, f) => s + f.contribution, 0);
      expect(sum).toBeCloseTo(e.margin, 9);
      const s = scoreBinary(model, row);
      expect(s.logit).toBeCloseTo(e.margin, 12);
      expect(s.probability).toBeCloseTo(e.probability, 12);
    }
  });

  it("returns the top factors by |contribution| with readable names", () => {
    const { row } = caseRow(renewalTest[0]!);
    const s = scoreBinary(model, row, 3);
    expect(s.topFactors.length).toBeLessThanOrEqual(3);
    const mags = s.topFactors.map((f) => Math.abs(f.contribution));
    expect([...mags].sort((a, b) => b - a)).toEqual(mags);
    for (const f of s.topFactors) expect(f.feature).toMatch(/^[^=]+ = .+$/);
    const all = explainBinary(model, row).factors.map((f) => Math.abs(f.contribution)).sort((a, b) => b - a);
    expect(mags[0]).toBeCloseTo(all[0]!, 12);
  });

  it("scores a row with a never-seen category and missing columns", () => {
    // Given a row whose categorical values were never seen in training and most columns absent
    const { row } = caseRow(renewalTest[0]!);
    const odd: FeatureRow = { ...row, plan: "galactic-tier", industry: "unheard-of", contractTerm: null };
    delete odd["usage.last30d"];
    // When scored / Then it is a valid probability and still additive
    const s = scoreBinary(model, odd);
    expect(s.probability).toBeGreaterThan(0);
    expect(s.probability).toBeLessThan(1);
    const e = explainBinary(model, odd);
    expect(e.base + e.factors.reduce((t, f) => t + f.contribution, 0)).toBeCloseTo(s.logit, 9);
    expect(Number.isFinite(scoreBinary(model, {}).probability)).toBe(true);
  });

  it("ranks held-out renewal cases better than chance", () => {
    const rows = renewalTest.map(caseRow);
    const p = rows.map((r) => scoreBinary(model, r.row).probability);
    expect(auc(p, rows.map((r) => r.label === true))).toBeGreaterThan(0.6);
  });
});

describe("learner quality smoke test", () => {
  it("cross-validates above 0.8 AUC on the first 2000 X Education leads", async () => {
    // Given real leads with a known, learnable signal
    const leads = await load<LeadCase>("lead-xeducation.train.jsonl", "lead-triage", 2000);
    // When fitted with 3-fold CV
    const m = fitBinaryModel("lead-triage", leads, { seed: 1, folds: 3 });
    // Then the out-of-fold AUC shows the learner works (a broken learner sits near 0.5)
    expect(m.training.cv.auc).toBeGreaterThan(0.8);
  });
});
