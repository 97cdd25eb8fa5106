import { describe, expect, it } from "vitest";
import {
  accuracy,
  auc,
  bestF1Threshold,
  brier,
  calibrationBins,
  confusionAt,
  confusionMatrix,
  falsePositiveRate,
  macroF1,
  percentile,
  perClassPrecisionRecall,
  prCurve,
  precisionRecallAt,
  rocCurve,
  triggerRate,
} from "./metrics.ts";

// Hand-computed reference: 2 positives (0.35, 0.8), 2 negatives (0.1, 0.4).
const scores = [0.1, 0.4, 0.35, 0.8];
const labels = [0, 0, 1, 1];

describe("binary metrics", () => {
  it("AUC counts correctly ordered pairs: 3 of 4", () => {
    expect(auc(scores, labels)).toBeCloseTo(0.75, 12);
    expect(auc(scores, [false, false, true, true])).toBeCloseTo(0.75, 12);
  });

  it("AUC gives tied pairs one half", () => {
    // pairs (pos 0.5, 0.9) x (neg 0.1, 0.5): 1 + 0.5 + 1 + 1 = 3.5 of 4
    expect(auc([0.1, 0.5, 0.5, 0.9], [0, 1, 0, 1])).toBeCloseTo(0.875, 12);
    expect(auc([0.3, 0.3, 0.3], [0, 1, 1])).toBeCloseTo(0.5, 12);
  });

  it("AUC is NaN when there is nothing to rank", () => {
    expect(auc([0.2, 0.4], [1, 1])).toBeNaN();
  });

  it("confusion, precision, recall, trigger and false-positive rates at a threshold", () => {
    expect(confusionAt(scores, labels, 0.4)).toEqual({ tp: 1, fp: 1, tn: 1, fn: 1 });
    expect(precisionRecallAt(scores, labels, 0.4)).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(triggerRate(scores, 0.4)).toBe(0.5);
    expect(falsePositiveRate(scores, labels, 0.4)).toBe(0.5);
    expect(precisionRecallAt(scores, labels, 0.9)).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it("Brier score is the mean squared error", () => {
    expect(brier([0.9, 0.2], [1, 0])).toBeCloseTo(0.025, 12);
  });

  it("best F1 threshold scans every distinct score", () => {
    const best = bestF1Threshold(scores, labels);
    expect(best.threshold).toBe(0.35);
    expect(best.f1).toBeCloseTo(0.8, 12);
    expect(best.precision).toBeCloseTo(2 / 3, 12);
    expect(best.recall).toBe(1);
  });

  it("ROC and PR curves list one point per threshold", () => {
    expect(rocCurve(scores, labels)).toEqual([
      { threshold: Number.POSITIVE_INFINITY, fpr: 0, tpr: 0 },
      { threshold: 0.8, fpr: 0, tpr: 0.5 },
      { threshold: 0.4, fpr: 0.5, tpr: 0.5 },
      { threshold: 0.35, fpr: 0.5, tpr: 1 },
      { threshold: 0.1, fpr: 1, tpr: 1 },
    ]);
    const pr = prCurve(scores, labels);
    expect(pr.map((p) => p.threshold)).toEqual([0.8, 0.4, 0.35, 0.1]);
    expect(pr.map((p) => p.precision)).toEqual([1, 0.5, 2 / 3, 0.5]);
    expect(pr.map((p) => p.recall)).toEqual([0.5, 0.5, 1, 1]);
  });

  it("calibration bins average predictions and outcomes per bin", () => {
    const bins = calibrationBins([0.05, 0.15, 0.12, 0.95], [0, 1, 0, 1], 10);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toMatchObject({ count: 1, meanPredicted: 0.05, observedRate: 0 });
    expect(bins[1]!.count).toBe(2);
    expect(bins[1]!.meanPredicted).toBeCloseTo(0.135, 12);
    expect(bins[1]!.observedRate).toBe(0.5);
    expect(bins[9]).toMatchObject({ count: 1, meanPredicted: 0.95, observedRate: 1 });
    expect(bins[5]).toMatchObject({ count: 0 });
  });

  it("rejects scores and labels of different lengths", () => {
    expect(() => auc([0.1], [1, 0])).toThrow(RangeError);
  });
});

describe("percentile", () => {
  it("interpolates linearly between order statistics", () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 25)).toBe(1.75);
    expect(percentile([1, 2, 3, 4], 100)).toBe(4);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("multi-class metrics", () => {
  const predicted = ["a", "a", "b", "c"];
  const actual = ["a", "b", "b", "c"];

  it("accuracy", () => {
    expect(accuracy(["a", "b", "a"], ["a", "a", "a"])).toBeCloseTo(2 / 3, 12);
  });

  it("confusion matrix is indexed [actual][predicted]", () => {
    expect(confusionMatrix(["a", "b", "a", "b"], ["a", "a", "b", "b"])).toEqual({ labels: ["a", "b"], matrix: [[1, 1], [1, 1]] });
    expect(confusionMatrix(predicted, actual).matrix).toEqual([[1, 0, 0], [1, 1, 0], [0, 0, 1]]);
  });

  it("per-class precision, recall and support; macro F1 averages classes equally", () => {
    const per = perClassPrecisionRecall(predicted, actual);
    expect(per.a).toMatchObject({ precision: 0.5, recall: 1, support: 1 });
    expect(per.b).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    expect(per.c).toMatchObject({ precision: 1, recall: 1, f1: 1, support: 1 });
    expect(macroF1(predicted, actual)).toBeCloseTo((2 / 3 + 2 / 3 + 1) / 3, 12);
  });
});
