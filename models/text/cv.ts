import type { TicketTerms } from "./features.ts";
import { fitScale } from "./calibrate.ts";
import { buildDesign, fitTarget, type ClassifierFitOptions, type Target } from "./design.ts";
import { classScores, stratifiedFolds, type ClassScores } from "./scores.ts";
import { margins } from "./svm.ts";
import type { SparseRow, VocabOptions } from "./vectorize.ts";

/**
 * Cross-validation that both measures and chooses: every fold refits the vocabulary (no
 * idf leaks from held-out tickets), each C of the grid is scored on out-of-fold
 * predictions, and the winner's out-of-fold margins calibrate the probabilities.
 */

/** What cross-validation settled for one target. */
export interface TargetChoice {
  c: number;
  scale: number;
  /** Out-of-fold scores of the chosen C; undefined when there was too little data. */
  scores?: ClassScores;
  /** Every C tried, with its out-of-fold accuracy and macro-F1 (for the training report). */
  tried: { c: number; accuracy: number; macroF1: number }[];
}

export interface CvSetup {
  folds: number;
  seed: number;
  grid: readonly number[];
  vocab: VocabOptions;
  classifier: ClassifierFitOptions;
  onTick: () => void;
}

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

/** Cross-validate every target over the C grid; returns one choice per target (same order). */
export function crossValidate(terms: readonly TicketTerms[], targets: readonly Target[], s: CvSetup): TargetChoice[] {
  const queue = targets[0] as Target;
  const fold = stratifiedFolds(Array.from(queue.y, String), s.folds, s.seed);
  // oof[t][g][i]: out-of-fold margins of case i for target t with grid value g.
  const oof = targets.map(() => s.grid.map(() => new Array<Float64Array | undefined>(terms.length)));
  for (let f = 0; f < s.folds; f++) {
    const design = buildDesign(terms, (i) => fold[i] !== f, s.vocab);
    targets.forEach((target, t) => {
      const members = membersOf(target);
      const train = members.filter((i) => fold[i] !== f);
      const held = members.filter((i) => fold[i] === f);
      fitTarget(design, target, train, s.grid, s.classifier).forEach((model, g) => {
        for (const i of held) (oof[t]?.[g] as (Float64Array | undefined)[])[i] = margins(model, design.rows[i] as SparseRow);
      });
      s.onTick();
    });
  }
  return targets.map((target, t) => {
    const members = membersOf(target);
    const truth = members.map((i) => target.labels[target.y[i] as number] as string);
    const tried = s.grid.map((c, g) => {
      const predicted = members.map((i) => target.labels[argmax(oof[t]?.[g]?.[i] as Float64Array)] as string);
      return { c, scores: classScores(truth, predicted) };
    });
    // Routing is judged on both: accuracy (load on the right desk) and macro-F1 (rare queues
    // are not starved). Ties go to the larger C: the final fit sees all cases, a quarter
    // more than each fold, and can afford a little less regularisation.
    let best = tried[0] as (typeof tried)[number];
    for (const x of tried) {
      const value = (x.scores.accuracy + x.scores.macroF1) / 2;
      if (value >= (best.scores.accuracy + best.scores.macroF1) / 2 - 1e-9) best = x;
    }
    const g = s.grid.indexOf(best.c);
    const scale = fitScale(
      members.map((i) => oof[t]?.[g]?.[i] as Float64Array),
      Int32Array.from(members, (i) => target.y[i] as number),
    );
    return {
      c: best.c,
      scale,
      scores: best.scores,
      tried: tried.map((x) => ({ c: x.c, accuracy: x.scores.accuracy, macroF1: x.scores.macroF1 })),
    };
  });
}
