/**
 * Fit a knowledge base's ranker on pseudo-queries from its own chunks (pseudo.ts): each
 * query's candidates and features, the source document marked relevant, then the listwise
 * fit of model.ts. Runs at ingest, whenever the corpus changed.
 */
import { candidates, FEATURES, type Feature } from "./features.ts";
import type { KbIndex } from "./kb-index.ts";
import { fitRanker, scoreOf, toVector, type TrainingGroup } from "./model.ts";
import { pseudoQueries, type Recipe } from "./pseudo.ts";

/** The global choices of the fit: one set for every knowledge base (knowledge/eval/README.md says which corpora chose them). */
export interface FitConfig {
  recipe: Recipe;
  /** Pseudo-queries drawn (fewer when the corpus has fewer usable chunks). */
  queries: number;
  /** Pull toward the prior (per query). */
  l2: number;
  prior: "fusion" | "flat";
  /** Candidates per training query kept for the listwise loss (the best by the prior). */
  depth: number;
  seed: number;
}

/**
 * Chosen on the development corpora only (npm, undici, git: the best mean MRR of the full grid,
 * knowledge/eval/README.md), before the held-out corpora (postgres-sql, python-howto) were run.
 */
export const FIT_DEFAULTS: FitConfig = { recipe: "sentence", queries: 600, l2: 0.01, prior: "fusion", depth: 30, seed: 1 };

/** Priors, scaled so weights sum to 10: a softmax over scores in [0, 10] can be sure of a winner. */
export const PRIORS: Record<FitConfig["prior"], Record<Feature, number>> = {
  // The fusion used before fitting (BM25 0.5 with 0.15 of the second chunk, LSA 0.3, the 0.2
  // of title/heading-weighted full text split between the heading and title fields).
  fusion: scale({ main: 0.5, main2: 0.075, lsa: 0.3, lsaDoc: 0, heading: 0.1, title: 0.1, doc: 0, cover: 0, coverDoc: 0, symbol: 0 }),
  flat: scale(Object.fromEntries(FEATURES.map((f) => [f, 1])) as Record<Feature, number>),
};

function scale(w: Record<Feature, number>): Record<Feature, number> {
  const sum = FEATURES.reduce((s, f) => s + w[f], 0);
  return Object.fromEntries(FEATURES.map((f) => [f, (10 * w[f]) / sum])) as Record<Feature, number>;
}

/** What a fit produced: weights and how it was obtained (stored with the kb, shown by `kb stats`). */
export interface FittedRanker {
  weights: Record<Feature, number>;
  config: FitConfig;
  /** Pseudo-queries used (those whose answer was among the candidates), and the loss before and after. */
  queries: number;
  loss: { prior: number; fitted: number };
  /** Share of pseudo-queries whose document ranked first, with the prior and with the fitted weights. */
  top1: { prior: number; fitted: number };
  ms: number;
}

/** Fit on pseudo-queries of this index. */
export function fitKbRanker(ix: KbIndex, config: FitConfig = FIT_DEFAULTS): FittedRanker {
  const t0 = performance.now();
  const prior = PRIORS[config.prior];
  const pw = toVector(prior);
  const groups: TrainingGroup[] = [];
  for (const q of pseudoQueries(ix, config.recipe, config.queries, config.seed)) {
    const answer = ix.chunkDoc[q.chunk] as number;
    const cands = candidates(ix, q.text, undefined, q.exclude)
      .map((c) => ({ c, s: scoreOf(c.x, pw) }))
      .sort((a, b) => b.s - a.s || a.c.doc - b.c.doc)
      .slice(0, config.depth);
    if (!cands.some(({ c }) => c.doc === answer) || cands.length < 2) continue;
    groups.push({ x: cands.map(({ c }) => Float32Array.from(c.x)), relevant: cands.map(({ c }) => c.doc === answer) });
  }
  const fit = fitRanker(groups, { prior, l2: config.l2, iterations: 300 });
  const top1 = (w: ArrayLike<number>) => {
    let hits = 0;
    for (const g of groups) {
      const s = g.x.map((x) => scoreOf(x, w));
      const best = s.indexOf(Math.max(...s));
      if (g.relevant[best]) hits++;
    }
    return Math.round((hits / Math.max(1, groups.length)) * 1e4) / 1e4;
  };
  return { weights: fit.weights, config, queries: groups.length, loss: fit.loss, top1: { prior: top1(pw), fitted: top1(toVector(fit.weights)) }, ms: Math.round(performance.now() - t0) };
}
