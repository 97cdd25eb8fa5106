import { createHash } from "node:crypto";
import { AppError } from "../../core/errors.ts";
import type { RoutingCase } from "../../cases/schema.ts";
import type { RoutingModelFile } from "../types.ts";
import { crossValidate, membersOf, NO_NEIGHBOURS, type TargetChoice } from "./cv.ts";
import { buildDesign, buildTargets, fitLearner, type Design, type Target } from "./design.ts";
import { DEFAULT_TERM_OPTIONS, ticketTerms, type TicketTerms } from "./features.ts";
import type { VoteRule } from "./knn.ts";
import { TEXT_PARAMS_SCHEMA, type ClassifierParams, type TextRoutingParams } from "./params.ts";
import type { LinearModel } from "./svm.ts";
import { termBlock, type VocabOptions } from "./vectorize.ts";

/**
 * Fitting the text routing model: TF-IDF (word 1–2-grams, subject words, character 3–5-grams
 * inside words, ticket/customer context) and one-vs-rest linear SVMs on naive-Bayes-scaled
 * features (NB-SVM) for queue and priority, C chosen by stratified cross-validation,
 * probabilities by temperature scaling.
 */

export interface FitRoutingOptions {
  /** Seed of the fold assignment and the solver's visiting order (default 1). */
  seed?: number;
  /** Cross-validation folds (default 5); fewer than 2, or too few cases, skips CV. */
  folds?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Name of this learner in model files; bump the version when fitted params would change. */
export const TEXT_LEARNER = "text-tfidf-svm-knn/2";

export const DEFAULT_VOCAB_OPTIONS: VocabOptions = {
  minDf: 2,
  maxWords: 40_000,
  maxChars: 40_000,
  maxMeta: 2_000,
  wordScale: 1,
  charScale: 1,
  metaScale: 1,
};

/**
 * Costs tried by cross-validation (v4 tickets chose the smallest of {0.1, 0.3, 1}, so the
 * grid reaches below it). Ties go to the smaller C; without CV, C = 1 (little data, little
 * regularisation).
 */
const C_GRID = [0.03, 0.1, 0.3, 1] as const;
const C_WITHOUT_CV = 1;
/**
 * Solver settings. NB scaling uses α = 0.1 (on the scale of L2-normalised tf-idf rows);
 * whether NB-SVM, the plain SVM or their average serves a target is chosen by CV.
 */
const CLASSIFIER = { balance: 0.5, maxEpochs: 60, eps: 0.1, nbAlpha: 0.1 };
/** Neighbour vote rules and blend weights tried by CV (a small grid: each option costs selection noise). */
const VOTE_RULES: readonly VoteRule[] = [
  { k: 5, power: 1 },
  { k: 20, power: 3 },
];
const BLEND_WEIGHTS = [0.2, 0.35, 0.5] as const;

const round = (x: number, digits: number): number => {
  const r = Number(x.toFixed(digits));
  return r === 0 ? 0 : r; // no "-0" in files
};

/** Stable id from everything that determines the fitted file: learner, options and training data. */
function versionId(cases: readonly RoutingCase[], seed: number, folds: number): string {
  const h = createHash("sha256");
  h.update(JSON.stringify({ learner: TEXT_LEARNER, seed, folds, terms: DEFAULT_TERM_OPTIONS, vocab: DEFAULT_VOCAB_OPTIONS, grid: C_GRID, cWithoutCv: C_WITHOUT_CV, CLASSIFIER, VOTE_RULES, BLEND_WEIGHTS }));
  for (const c of cases) {
    h.update("\n");
    h.update(JSON.stringify([c.id, c.ticket, c.customer ?? null, c.outcome?.queue ?? null, c.outcome?.priority ?? null]));
  }
  return `routing-text-${h.digest("hex").slice(0, 16)}`;
}

function cvNotes(target: Target, choice: TargetChoice, folds: number): string[] {
  if (!choice.scores) return [`${target.name}: too few cases to cross-validate; ${choice.learner} C=${choice.c}, uncalibrated probabilities`];
  const s = choice.scores;
  const tried = choice.tried.map((t) => `${t.learner} C=${t.c} ${t.accuracy.toFixed(3)}/${t.macroF1.toFixed(3)}`).join(", ");
  const nb = choice.neighbours;
  const lin = choice.linearScores;
  const blend = nb.weight > 0 && lin
    ? `, blended with ${nb.k}-nearest-neighbour votes (cosine^${nb.power}) at weight ${nb.weight}; linear alone ${lin.accuracy.toFixed(3)}/${lin.macroF1.toFixed(3)}`
    : ", no neighbour blend";
  const lines = [
    `${target.name}: ${folds}-fold CV accuracy ${s.accuracy.toFixed(3)}, macro-F1 ${s.macroF1.toFixed(3)} (chose ${choice.learner} C=${choice.c}${blend}; tried acc/F1 ${tried}; scores of the chosen setting are slightly optimistic)`,
  ];
  for (const [label, p] of Object.entries(s.perLabel)) {
    lines.push(`${target.name} "${label}": precision ${p.precision.toFixed(2)}, recall ${p.recall.toFixed(2)}, F1 ${p.f1.toFixed(2)}, n=${p.support}`);
  }
  return lines;
}

/** The training tickets' word-block feature ids (repeated per occurrence) and labels, for the neighbour vote. */
function neighbourTickets(terms: readonly TicketTerms[], design: Design, targets: readonly Target[]): NonNullable<TextRoutingParams["neighbours"]> {
  const id = new Map<string, number>();
  design.vocab.terms.forEach((t, f) => {
    if (termBlock(t) === 0) id.set(t, f);
  });
  const offsets = [0];
  const ids: number[] = [];
  for (const t of terms) {
    const row: number[] = [];
    for (const [term, n] of t.words) {
      const f = id.get(term);
      if (f !== undefined) for (let r = 0; r < n; r++) row.push(f);
    }
    ids.push(...row.sort((a, b) => a - b));
    offsets.push(ids.length);
  }
  const labels = (name: Target["name"]) => Array.from(targets.find((t) => t.name === name)?.y ?? new Int32Array(terms.length).fill(-1));
  return { offsets, ids, queue: labels("queue"), priority: labels("priority") };
}

/**
 * Fit queue (required) and priority (when cases carry it) classifiers from routing cases.
 * Deterministic: the same cases and options give a byte-identical file.
 */
export function fitRoutingModel(cases: readonly RoutingCase[], opts: FitRoutingOptions = {}): RoutingModelFile {
  const seed = opts.seed ?? 1;
  const usable = cases.filter((c) => typeof c.outcome?.queue === "string" && c.outcome.queue.length > 0);
  if (usable.length === 0) throw new AppError("INPUT_INVALID", "No routing case with outcome.queue to learn from");
  const targets = buildTargets(usable);
  const requested = opts.folds ?? 5;
  // Each fold needs a few cases per side; otherwise skip CV rather than report noise.
  const folds = requested >= 2 && usable.length >= requested * 4 ? Math.floor(requested) : 0;
  const total = folds * targets.length + targets.length;
  let done = 0;
  const tick = () => opts.onProgress?.(++done, total);

  const terms = usable.map((c) => ticketTerms(c.ticket, c.customer, DEFAULT_TERM_OPTIONS));
  const classifier = { ...CLASSIFIER, seed };
  const choices: TargetChoice[] =
    folds > 0
      ? crossValidate(terms, targets, { folds, seed, grid: C_GRID, vocab: DEFAULT_VOCAB_OPTIONS, classifier, voteRules: VOTE_RULES, blendWeights: BLEND_WEIGHTS, onTick: tick })
      : targets.map(() => ({ learner: "nb" as const, c: C_WITHOUT_CV, scale: 1, neighbours: NO_NEIGHBOURS, tried: [] }));

  const design = buildDesign(terms, () => true, DEFAULT_VOCAB_OPTIONS);
  const fitted: ClassifierParams[] = targets.map((target, t) => {
    const choice = choices[t] as TargetChoice;
    const model = fitLearner(design, target, membersOf(target), [choice.c], choice.learner, classifier)[0] as LinearModel;
    tick();
    const perLabel: ClassifierParams["cvPerLabel"] = {};
    for (const [label, s] of Object.entries(choice.scores?.perLabel ?? {})) {
      perLabel[label] = { precision: round(s.precision, 4), recall: round(s.recall, 4), f1: round(s.f1, 4), support: s.support };
    }
    return {
      labels: target.labels,
      c: choice.c,
      scale: round(choice.scale, 4),
      bias: Array.from(model.b, (x) => round(x, 5)),
      weights: Array.from(model.w, (x) => round(x, 5)),
      cvPerLabel: perLabel,
      learner: choice.learner,
      ...(choice.neighbours.weight > 0 ? { neighbours: choice.neighbours } : {}),
    };
  });
  const useNeighbours = choices.some((c) => c.neighbours.weight > 0);

  const params: TextRoutingParams = {
    schema: TEXT_PARAMS_SCHEMA,
    terms: DEFAULT_TERM_OPTIONS,
    vocab: DEFAULT_VOCAB_OPTIONS,
    features: design.vocab.terms,
    idf: design.vocab.idf.map((x) => round(x, 6)),
    queue: fitted[0] as ClassifierParams,
    ...(fitted[1] ? { priority: fitted[1] } : {}),
    ...(useNeighbours ? { neighbours: neighbourTickets(terms, design, targets) } : {}),
  };
  const cv: Record<string, number> = {};
  targets.forEach((target, t) => {
    const s = choices[t]?.scores;
    if (!s) return;
    cv[`${target.name}Accuracy`] = round(s.accuracy, 4);
    cv[`${target.name}MacroF1`] = round(s.macroF1, 4);
  });
  const priority = targets.find((t) => t.name === "priority");
  return {
    format: "scenario-model/1",
    id: versionId(usable, seed, folds),
    agent: "service-routing",
    kind: "routing",
    learner: TEXT_LEARNER,
    queues: (targets[0] as Target).labels,
    priorities: priority?.labels ?? [],
    training: {
      cases: usable.length,
      cv,
      notes: [
        ...(usable.length < cases.length ? [`${cases.length - usable.length} cases without outcome.queue were ignored`] : []),
        `${design.vocab.terms.length} features (word 1-2-grams, subject words, char 3-5-grams, context)`,
        ...targets.flatMap((t, i) => cvNotes(t, choices[i] as TargetChoice, folds)),
      ],
    },
    params,
  };
}
