/**
 * Scoring metrics as pure functions over plain arrays, on the floor because the learner
 * (threshold choice, blending), the sandbox's replay report and the evals all use them. Binary metrics take scores
 * (probabilities or any monotone score) and labels (`true`/`1` = positive); a case is
 * "alerted" when its score is >= the threshold. Multi-class metrics take predicted and
 * actual label strings. Undefined ratios (e.g. precision with nothing alerted) are 0,
 * except AUC, which is NaN when only one class is present (there is nothing to rank).
 */

export type BinaryLabel = boolean | number;
const isPos = (l: BinaryLabel): boolean => l === true || l === 1;

function checkLengths(a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) throw new RangeError(`length mismatch: ${a.length} scores vs ${b.length} labels`);
}

/** Average ranks (1-based) with ties sharing their mean rank. */
function averageRanks(values: readonly number[]): Float64Array {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}

/** ROC AUC via the Mann-Whitney statistic; tied scores count one half. NaN with one class only. */
export function auc(scores: readonly number[], labels: readonly BinaryLabel[]): number {
  checkLengths(scores, labels);
  const ranks = averageRanks(scores);
  let nPos = 0;
  let rankSum = 0;
  labels.forEach((l, i) => {
    if (isPos(l)) {
      nPos++;
      rankSum += ranks[i]!;
    }
  });
  const nNeg = labels.length - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Counts at a threshold: predicted positive when score >= threshold. */
export function confusionAt(scores: readonly number[], labels: readonly BinaryLabel[], threshold: number): Confusion {
  checkLengths(scores, labels);
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  scores.forEach((s, i) => {
    const pred = s >= threshold;
    const pos = isPos(labels[i]!);
    if (pred && pos) c.tp++;
    else if (pred) c.fp++;
    else if (pos) c.fn++;
    else c.tn++;
  });
  return c;
}

const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);
const f1Of = (p: number, r: number): number => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
}

export function precisionRecallAt(scores: readonly number[], labels: readonly BinaryLabel[], threshold: number): PrecisionRecall {
  const c = confusionAt(scores, labels, threshold);
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  return { precision, recall, f1: f1Of(precision, recall) };
}

/** Share of cases alerted at the threshold. */
export function triggerRate(scores: readonly number[], threshold: number): number {
  return ratio(scores.filter((s) => s >= threshold).length, scores.length);
}

/** Share of negatives alerted at the threshold: fp / (fp + tn). */
export function falsePositiveRate(scores: readonly number[], labels: readonly BinaryLabel[], threshold: number): number {
  const c = confusionAt(scores, labels, threshold);
  return ratio(c.fp, c.fp + c.tn);
}

/** Mean squared error of probabilities against 0/1 outcomes. */
export function brier(probabilities: readonly number[], labels: readonly BinaryLabel[]): number {
  checkLengths(probabilities, labels);
  if (probabilities.length === 0) return 0;
  let s = 0;
  probabilities.forEach((p, i) => {
    const y = isPos(labels[i]!) ? 1 : 0;
    s += (p - y) ** 2;
  });
  return s / probabilities.length;
}

/** One operating point per distinct score, from the strictest threshold down. */
interface SweepPoint extends Confusion {
  threshold: number;
}

function sweep(scores: readonly number[], labels: readonly BinaryLabel[]): SweepPoint[] {
  checkLengths(scores, labels);
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const totalPos = labels.filter(isPos).length;
  const totalNeg = labels.length - totalPos;
  const points: SweepPoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (isPos(labels[i]!)) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[i]) {
      points.push({ threshold: scores[i]!, tp, fp, fn: totalPos - tp, tn: totalNeg - fp });
    }
  }
  return points;
}

export interface RocPoint {
  threshold: number;
  fpr: number;
  tpr: number;
}

/** ROC curve, starting at (0, 0) with threshold +Infinity and ending at (1, 1). */
export function rocCurve(scores: readonly number[], labels: readonly BinaryLabel[]): RocPoint[] {
  const pts = sweep(scores, labels);
  const start: RocPoint = { threshold: Number.POSITIVE_INFINITY, fpr: 0, tpr: 0 };
  return [start, ...pts.map((p) => ({ threshold: p.threshold, fpr: ratio(p.fp, p.fp + p.tn), tpr: ratio(p.tp, p.tp + p.fn) }))];
}

export interface PrPoint {
  threshold: number;
  precision: number;
  recall: number;
}

/** Precision-recall curve, one point per distinct threshold, strictest first. */
export function prCurve(scores: readonly number[], labels: readonly BinaryLabel[]): PrPoint[] {
  return sweep(scores, labels).map((p) => ({
    threshold: p.threshold,
    precision: ratio(p.tp, p.tp + p.fp),
    recall: ratio(p.tp, p.tp + p.fn),
  }));
}

export interface ThresholdChoice extends PrecisionRecall {
  threshold: number;
}

/** The threshold (one of the scores) with the highest F1; ties go to the stricter threshold. */
export function bestF1Threshold(scores: readonly number[], labels: readonly BinaryLabel[]): ThresholdChoice {
  let best: ThresholdChoice = { threshold: Number.POSITIVE_INFINITY, precision: 0, recall: 0, f1: 0 };
  for (const p of sweep(scores, labels)) {
    const precision = ratio(p.tp, p.tp + p.fp);
    const recall = ratio(p.tp, p.tp + p.fn);
    const f1 = f1Of(precision, recall);
    if (f1 > best.f1) best = { threshold: p.threshold, precision, recall, f1 };
  }
  return best;
}

export interface CalibrationBin {
  lo: number;
  hi: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** Equal-width probability bins (empty bins are kept with count 0). */
export function calibrationBins(probabilities: readonly number[], labels: readonly BinaryLabel[], bins = 10): CalibrationBin[] {
  checkLengths(probabilities, labels);
  const out: CalibrationBin[] = Array.from({ length: bins }, (_, b) => ({
    lo: b / bins,
    hi: (b + 1) / bins,
    count: 0,
    meanPredicted: 0,
    observedRate: 0,
  }));
  probabilities.forEach((p, i) => {
    const bin = out[Math.min(bins - 1, Math.max(0, Math.floor(p * bins)))]!;
    bin.count++;
    bin.meanPredicted += p;
    bin.observedRate += isPos(labels[i]!) ? 1 : 0;
  });
  for (const b of out) {
    b.meanPredicted = ratio(b.meanPredicted, b.count);
    b.observedRate = ratio(b.observedRate, b.count);
  }
  return out;
}

/** p-th percentile (0..100) with linear interpolation between order statistics (numpy's default). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Share of predictions equal to the actual label. */
export function accuracy(predicted: readonly string[], actual: readonly string[]): number {
  checkLengths(predicted, actual);
  return ratio(predicted.filter((p, i) => p === actual[i]).length, predicted.length);
}

export interface ConfusionMatrix {
  labels: string[];
  /** matrix[actualIndex][predictedIndex] = count. */
  matrix: number[][];
}

/** Labels default to every label seen (actual or predicted), sorted. */
export function confusionMatrix(predicted: readonly string[], actual: readonly string[], labels?: readonly string[]): ConfusionMatrix {
  checkLengths(predicted, actual);
  const all = labels ? [...labels] : [...new Set([...actual, ...predicted])].sort();
  const index = new Map(all.map((l, i) => [l, i]));
  const matrix = all.map(() => all.map(() => 0));
  predicted.forEach((p, i) => {
    const a = index.get(actual[i]!);
    const q = index.get(p);
    if (a !== undefined && q !== undefined) matrix[a]![q]!++;
  });
  return { labels: all, matrix };
}

export interface ClassScores extends PrecisionRecall {
  /** Number of actual cases of this class. */
  support: number;
}

export function perClassPrecisionRecall(predicted: readonly string[], actual: readonly string[]): Record<string, ClassScores> {
  const { labels, matrix } = confusionMatrix(predicted, actual);
  const out: Record<string, ClassScores> = {};
  labels.forEach((label, k) => {
    const tp = matrix[k]![k]!;
    const support = matrix[k]!.reduce((s, v) => s + v, 0);
    const predictedCount = matrix.reduce((s, row) => s + row[k]!, 0);
    const precision = ratio(tp, predictedCount);
    const recall = ratio(tp, support);
    out[label] = { precision, recall, f1: f1Of(precision, recall), support };
  });
  return out;
}

/** Unweighted mean F1 over every label seen in actual or predicted (scikit-learn's macro average). */
export function macroF1(predicted: readonly string[], actual: readonly string[]): number {
  const per = Object.values(perClassPrecisionRecall(predicted, actual));
  return per.length === 0 ? 0 : per.reduce((s, c) => s + c.f1, 0) / per.length;
}
