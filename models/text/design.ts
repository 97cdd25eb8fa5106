import type { RoutingCase } from "../../cases/schema.ts";
import type { TicketTerms } from "./features.ts";
import { fitVocabulary, indexVocabulary, vectorize, type SparseRow, type VocabOptions, type Vocabulary } from "./vectorize.ts";
import { fitSvmPath, type LinearModel } from "./svm.ts";

/**
 * The pieces shared by cross-validation and the final fit: which cases a target (queue,
 * priority) learns from, class weights, and "fit vocabulary + classifier on these rows".
 */

export type TargetName = "queue" | "priority";

/** One label to learn: the cases that carry it and their label indices. */
export interface Target {
  name: TargetName;
  /** Sorted distinct labels. */
  labels: string[];
  /** Case index → label index, -1 when the case has no such label. */
  y: Int32Array;
}

/** Build the targets present in the cases: queue always, priority when any case has one. */
export function buildTargets(cases: readonly RoutingCase[]): Target[] {
  const out: Target[] = [];
  for (const name of ["queue", "priority"] as const) {
    const values = cases.map((c) => c.outcome?.[name] ?? undefined);
    const labels = [...new Set(values.filter((v): v is string => typeof v === "string" && v.length > 0))].sort();
    if (labels.length === 0) continue;
    const index = new Map(labels.map((l, i) => [l, i]));
    out.push({ name, labels, y: Int32Array.from(values, (v) => (v === undefined ? -1 : (index.get(v) ?? -1))) });
  }
  return out;
}

/**
 * Row weights that partly balance the classes: (n / (K · n_k))^power. Power 1 is fully
 * balanced (best macro-F1, costs accuracy on the big queues), 0 is none; 0.5 keeps rare
 * queues reachable without routing half the traffic to them.
 */
export function classWeights(y: Int32Array, classes: number, power: number): Float64Array {
  const counts = new Float64Array(classes);
  let n = 0;
  for (const l of y) {
    if (l < 0) continue;
    counts[l] = (counts[l] as number) + 1;
    n++;
  }
  return Float64Array.from(y, (l) => (l < 0 ? 0 : Math.pow(n / (classes * (counts[l] as number)), power)));
}

/** A vocabulary fitted on some cases, with every case vectorised by it. */
export interface Design {
  vocab: Vocabulary;
  rows: SparseRow[];
}

/** Fit the vocabulary on the cases where `use[i]` is true, and vectorise all cases. */
export function buildDesign(terms: readonly TicketTerms[], use: (i: number) => boolean, vo: VocabOptions): Design {
  const vocab = fitVocabulary(terms.filter((_, i) => use(i)), vo);
  const index = indexVocabulary(vocab, vo);
  return { vocab, rows: terms.map((t) => vectorize(t, index)) };
}

export interface ClassifierFitOptions {
  balance: number;
  seed: number;
  maxEpochs: number;
  eps: number;
  nbAlpha?: number;
}

/**
 * The linear learners cross-validation chooses from, per target: plain SVM, NB-SVM, or the
 * average of both margins ("ens"), which is again one linear model (the mean of the
 * weights), so serving cost and readable factors stay the same.
 */
export const LEARNERS = ["plain", "nb", "ens"] as const;
export type Learner = (typeof LEARNERS)[number];

/** Fit one target with a learner, once per cost (ascending); NB smoothing from `o.nbAlpha`. */
export function fitLearner(design: Design, target: Target, members: readonly number[], costs: readonly number[], learner: Learner, o: ClassifierFitOptions): LinearModel[] {
  const { nbAlpha, ...plain } = o;
  if (learner === "plain") return fitTarget(design, target, members, costs, plain);
  const nb = fitTarget(design, target, members, costs, { ...plain, nbAlpha: nbAlpha ?? 0.1 });
  if (learner === "nb") return nb;
  return averageModels(fitTarget(design, target, members, costs, plain), nb);
}

/** Element-wise mean of two model lists (same shapes). */
export function averageModels(a: readonly LinearModel[], b: readonly LinearModel[]): LinearModel[] {
  return a.map((m, i) => {
    const n = b[i] as LinearModel;
    return { classes: m.classes, w: m.w.map((x, j) => (x + (n.w[j] as number)) / 2), b: m.b.map((x, j) => (x + (n.b[j] as number)) / 2) };
  });
}

/** Fit one target's classifier on the case indices `members`, once per cost (ascending). */
export function fitTarget(design: Design, target: Target, members: readonly number[], costs: readonly number[], o: ClassifierFitOptions): LinearModel[] {
  const labels = Int32Array.from(members, (i) => target.y[i] as number);
  return fitSvmPath(
    {
      rows: members.map((i) => design.rows[i] as SparseRow),
      labels,
      weights: classWeights(labels, target.labels.length, o.balance),
      dims: design.vocab.terms.length,
      classes: target.labels.length,
    },
    costs,
    { maxEpochs: o.maxEpochs, eps: o.eps, seed: o.seed, ...(o.nbAlpha ? { nbAlpha: o.nbAlpha } : {}) },
  );
}
