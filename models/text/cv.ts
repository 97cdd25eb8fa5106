import type { TicketTerms } from "./features.ts";
import { fitScale, scaledSoftmax } from "./calibrate.ts";
import { averageModels, buildDesign, fitTarget, LEARNERS, type ClassifierFitOptions, type Learner, type Target } from "./design.ts";
import { blendInto, buildNeighbourIndex, nearest, restrictRow, votes, type Neighbour, type VoteRule } from "./knn.ts";
import { classScores, stratifiedFolds, type ClassScores } from "./scores.ts";
import { margins } from "./svm.ts";
import { termBlock, type SparseRow, type VocabOptions } from "./vectorize.ts";

/**
 * Cross-validation that both measures and chooses: every fold refits the vocabulary (no
 * idf leaks from held-out tickets); per target it scores each learner (plain SVM, NB-SVM,
 * their average) and cost C on out-of-fold predictions, calibrates the winner's margins,
 * then scores blends of those probabilities with nearest-neighbour votes.
 */

/** The neighbour blend settled by cross-validation (weight 0 = linear model only). */
export interface NeighbourChoice extends VoteRule {
  weight: number;
}

/** What cross-validation settled for one target. */
export interface TargetChoice {
  learner: Learner;
  c: number;
  scale: number;
  neighbours: NeighbourChoice;
  /** Out-of-fold scores of the chosen setting; undefined when there was too little data. */
  scores?: ClassScores;
  /** Every linear setting tried, with its out-of-fold accuracy and macro-F1 (for the training report). */
  tried: { learner: Learner; c: number; accuracy: number; macroF1: number }[];
  /** Out-of-fold scores of the linear model alone, when a neighbour blend was chosen. */
  linearScores?: ClassScores;
}

export interface CvSetup {
  folds: number;
  seed: number;
  grid: readonly number[];
  vocab: VocabOptions;
  classifier: ClassifierFitOptions;
  /** Vote rules and blend weights (> 0) tried on top of the chosen linear model. */
  voteRules: readonly VoteRule[];
  blendWeights: readonly number[];
  onTick: () => void;
}

/** No neighbour blend. */
export const NO_NEIGHBOURS: NeighbourChoice = { k: 1, power: 1, weight: 0 };

function argmax(z: Float64Array): number {
  let best = 0;
  for (let k = 1; k < z.length; k++) if ((z[k] as number) > (z[best] as number)) best = k;
  return best;
}

/** Cases of a target, by index. */
export function membersOf(target: Target): number[] {
  const out: number[] = [];
  target.y.forEach((l, i) => {
    if (l >= 0) out.push(i);
  });
  return out;
}

/** Routing is judged on both: accuracy (load on the right desk) and macro-F1 (rare queues are not starved). */
const merit = (s: ClassScores) => (s.accuracy + s.macroF1) / 2;

/**
 * Out-of-fold neighbours of every case: the closest training tickets of its fold's
 * vocabulary, by cosine on the word block, as case indices.
 */
function foldNeighbours(design: ReturnType<typeof buildDesign>, inFold: (i: number) => boolean, k: number, out: Neighbour[][]): void {
  const words = design.vocab.terms.map((t) => termBlock(t) === 0);
  const keep = (f: number) => words[f] === true;
  const trainIdx = design.rows.map((_, i) => i).filter((i) => !inFold(i));
  const index = buildNeighbourIndex(trainIdx.map((i) => restrictRow(design.rows[i] as SparseRow, keep)), words.length);
  const acc = new Float64Array(trainIdx.length);
  design.rows.forEach((row, i) => {
    if (!inFold(i)) return;
    out[i] = nearest(index, restrictRow(row, keep), k, acc).map((n) => ({ row: trainIdx[n.row] as number, sim: n.sim }));
  });
}

/** Cross-validate every target; returns one choice per target (same order). */
export function crossValidate(terms: readonly TicketTerms[], targets: readonly Target[], s: CvSetup): TargetChoice[] {
  const queue = targets[0] as Target;
  const fold = stratifiedFolds(Array.from(queue.y, String), s.folds, s.seed);
  const settings = LEARNERS.flatMap((learner) => s.grid.map((c) => ({ learner, c })));
  // oof[t][setting][i]: out-of-fold margins of case i for target t.
  const oof = targets.map(() => settings.map(() => new Array<Float64Array | undefined>(terms.length)));
  const neighbours: Neighbour[][] = new Array(terms.length);
  const kMax = Math.max(1, ...s.voteRules.map((r) => r.k));
  const { nbAlpha, ...plainOptions } = s.classifier;
  for (let f = 0; f < s.folds; f++) {
    const design = buildDesign(terms, (i) => fold[i] !== f, s.vocab);
    if (s.voteRules.length > 0) foldNeighbours(design, (i) => fold[i] === f, kMax, neighbours);
    targets.forEach((target, t) => {
      const members = membersOf(target);
      const train = members.filter((i) => fold[i] !== f);
      const held = members.filter((i) => fold[i] === f);
      const plain = fitTarget(design, target, train, s.grid, plainOptions);
      const nb = fitTarget(design, target, train, s.grid, { ...plainOptions, nbAlpha: nbAlpha ?? 0.1 });
      const byLearner: Record<Learner, ReturnType<typeof fitTarget>> = { plain, nb, ens: averageModels(plain, nb) };
      settings.forEach(({ learner, c }, g) => {
        const model = byLearner[learner][s.grid.indexOf(c)];
        if (!model) return;
        for (const i of held) (oof[t]?.[g] as (Float64Array | undefined)[])[i] = margins(model, design.rows[i] as SparseRow);
      });
      s.onTick();
    });
  }
  return targets.map((target, t) => chooseForTarget(target, oof[t] as (Float64Array | undefined)[][], settings, neighbours, s));
}

function chooseForTarget(
  target: Target,
  oof: (Float64Array | undefined)[][],
  settings: readonly { learner: Learner; c: number }[],
  neighbours: readonly Neighbour[][],
  s: CvSetup,
): TargetChoice {
  const members = membersOf(target);
  const truth = members.map((i) => target.labels[target.y[i] as number] as string);
  const score = (probs: readonly Float64Array[]) => classScores(truth, probs.map((p) => target.labels[argmax(p)] as string));
  const tried = settings.map((x, g) => ({ ...x, g, scores: score(members.map((i) => oof[g]?.[i] as Float64Array)) }));
  // Strictly better wins: on equal merit the earlier (simpler learner, smaller C) stays.
  let best = tried[0] as (typeof tried)[number];
  for (const x of tried) if (merit(x.scores) > merit(best.scores) + 1e-9) best = x;
  const chosen = members.map((i) => oof[best.g]?.[i] as Float64Array);
  const y = Int32Array.from(members, (i) => target.y[i] as number);
  const scale = fitScale(chosen, y);
  const probs = chosen.map((m) => scaledSoftmax(m, scale));

  // The neighbour blend costs file size and prediction time, so it must earn its place:
  // it is kept only when it beats the linear model by more than one standard error of the
  // accuracy (the one-standard-error rule, in favour of the simpler model).
  const a = best.scores.accuracy;
  const bar = merit(best.scores) + Math.sqrt((a * (1 - a)) / Math.max(1, members.length));
  let blend: NeighbourChoice = NO_NEIGHBOURS;
  let blendScores = best.scores;
  let top = bar;
  for (const rule of s.voteRules) {
    const q = members.map((i) => votes(neighbours[i] ?? [], target.y, target.labels.length, rule));
    for (const weight of s.blendWeights) {
      const sc = score(probs.map((p, r) => blendInto(Float64Array.from(p), q[r] as Float64Array, weight)));
      if (merit(sc) > top + 1e-9) {
        blend = { ...rule, weight };
        blendScores = sc;
        top = merit(sc);
      }
    }
  }
  return {
    learner: best.learner,
    c: best.c,
    scale,
    neighbours: blend,
    scores: blendScores,
    tried: tried.map((x) => ({ learner: x.learner, c: x.c, accuracy: x.scores.accuracy, macroF1: x.scores.macroF1 })),
    ...(blend.weight > 0 ? { linearScores: best.scores } : {}),
  };
}
