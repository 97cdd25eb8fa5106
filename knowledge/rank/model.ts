/**
 * The ranking model fitted per knowledge base: a linear score over the per-query-scaled
 * features of knowledge/rank/features.ts, weights kept non-negative (every feature is "more
 * is better" evidence, so a negative weight could only be an artefact of the pseudo-queries).
 * Fitted by a listwise softmax loss (the probability mass the model puts on the relevant
 * documents of each training query), with an L2 pull toward a prior so a small or odd
 * corpus cannot push the weights far from a sensible default.
 */
import { F, FEATURES, type Feature } from "./features.ts";

/** A fitted (or default) ranker: what is stored with the knowledge base and shown by `kb stats`. */
export interface RankerWeights {
  weights: Record<Feature, number>;
}

/** One training query: its candidates' features and which are relevant. */
export interface TrainingGroup {
  x: Float32Array[];
  relevant: boolean[];
}

export interface FitOptions {
  /** Weights the fit is pulled toward (and starts from). */
  prior: Record<Feature, number>;
  /** Strength of the pull toward the prior, per training query. */
  l2: number;
  iterations: number;
}

/** Weight vector in FEATURES order. */
export function toVector(w: Record<Feature, number>): Float64Array {
  return Float64Array.from(FEATURES, (f) => w[f]);
}

export function fromVector(v: ArrayLike<number>): Record<Feature, number> {
  return Object.fromEntries(FEATURES.map((f, i) => [f, Math.round((v[i] as number) * 1e4) / 1e4])) as Record<Feature, number>;
}

/** Linear score of one candidate's features. */
export function scoreOf(x: ArrayLike<number>, w: ArrayLike<number>): number {
  let s = 0;
  for (let f = 0; f < F; f++) s += (x[f] as number) * (w[f] as number);
  return s;
}

/** Mean listwise loss and its gradient at `w` (softmax over each group's candidates). */
function lossAndGradient(groups: TrainingGroup[], w: Float64Array, o: FitOptions, prior: Float64Array): { loss: number; grad: Float64Array } {
  const grad = new Float64Array(F);
  let loss = 0;
  for (const g of groups) {
    const s = g.x.map((x) => scoreOf(x, w));
    const top = Math.max(...s);
    const e = s.map((v) => Math.exp(v - top));
    const z = e.reduce((a, b) => a + b, 0);
    const zRel = e.reduce((a, b, i) => a + (g.relevant[i] ? b : 0), 0);
    loss -= Math.log(zRel / z);
    g.x.forEach((x, i) => {
      const coef = (e[i] as number) / z - (g.relevant[i] ? (e[i] as number) / zRel : 0);
      for (let f = 0; f < F; f++) grad[f] = (grad[f] as number) + coef * (x[f] as number);
    });
  }
  const n = Math.max(1, groups.length);
  for (let f = 0; f < F; f++) {
    grad[f] = (grad[f] as number) / n + 2 * o.l2 * ((w[f] as number) - (prior[f] as number));
  }
  let penalty = 0;
  for (let f = 0; f < F; f++) penalty += ((w[f] as number) - (prior[f] as number)) ** 2;
  return { loss: loss / n + o.l2 * penalty, grad };
}

/**
 * Fit the weights: projected gradient descent (weights ≥ 0) with Adam steps, from the prior.
 * Deterministic: the same groups give the same weights.
 */
export function fitRanker(groups: TrainingGroup[], o: FitOptions): { weights: Record<Feature, number>; loss: { prior: number; fitted: number } } {
  const prior = toVector(o.prior);
  const w = Float64Array.from(prior);
  const useful = groups.filter((g) => g.relevant.some(Boolean) && g.relevant.some((r) => !r));
  const start = lossAndGradient(useful, w, o, prior).loss;
  const m = new Float64Array(F);
  const v = new Float64Array(F);
  const lr = 0.05;
  for (let t = 1; t <= o.iterations && useful.length > 0; t++) {
    const { grad } = lossAndGradient(useful, w, o, prior);
    for (let f = 0; f < F; f++) {
      const g = grad[f] as number;
      m[f] = 0.9 * (m[f] as number) + 0.1 * g;
      v[f] = 0.999 * (v[f] as number) + 0.001 * g * g;
      const step = (lr * ((m[f] as number) / (1 - 0.9 ** t))) / (Math.sqrt((v[f] as number) / (1 - 0.999 ** t)) + 1e-8);
      w[f] = Math.max(0, (w[f] as number) - step);
    }
  }
  const end = lossAndGradient(useful, w, o, prior).loss;
  return { weights: fromVector(w), loss: { prior: Math.round(start * 1e4) / 1e4, fitted: Math.round(end * 1e4) / 1e4 } };
}
