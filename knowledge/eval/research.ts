/**
 * The ranking research bench, in memory (knowledge/eval/memory-kb.ts): every configuration
 * of a grid on every installed eval corpus, with the baselines and single signals beside
 * them, as JSON. The LOCO protocol (loco.ts) selects from its output.
 *
 *   npx tsx knowledge/eval/research.ts [--corpora npm,undici,git] [--grid default|full] > runs.json
 */
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { fitKbRanker, type FitConfig, FIT_DEFAULTS, PRIORS } from "../rank/fit.ts";
import type { KbIndex } from "../rank/kb-index.ts";
import { BM25_ONLY, LSA_ONLY, rankDocuments } from "../rank/rank.ts";
import type { Feature } from "../rank/features.ts";
import { baselineRankings, readCorpus } from "./baseline.ts";
import { EVAL_CORPORA } from "./corpora.ts";
import { readQuestions, scoreRankings, type EvalQuestion } from "./evaluate.ts";
import { memoryIndex } from "./memory-kb.ts";

export interface Scored {
  hitAtK: number;
  mrr: number;
}

/** A named configuration of the global choices. */
export interface GridPoint {
  id: string;
  config: FitConfig;
}

/** The grid the LOCO protocol chooses from: recipes × pull strengths × priors, everything else at FIT_DEFAULTS. */
export function grid(kind: "default" | "full"): GridPoint[] {
  const recipes: FitConfig["recipe"][] = kind === "full" ? ["sentence", "keywords", "masked", "mix"] : ["mix"];
  const l2s = kind === "full" ? [0.001, 0.01, 0.1] : [FIT_DEFAULTS.l2];
  const priors: FitConfig["prior"][] = kind === "full" ? ["fusion", "flat"] : [FIT_DEFAULTS.prior];
  return recipes.flatMap((recipe) => l2s.flatMap((l2) => priors.map((prior) => ({ id: `${recipe}/l2=${l2}/${prior}`, config: { ...FIT_DEFAULTS, recipe, l2, prior } }))));
}

function evalWeights(ix: KbIndex, qs: EvalQuestion[], w: Record<Feature, number>, k: number): Scored {
  const rankings = qs.map((q) => rankDocuments(ix, q.question, w, { limit: 10 }).map((d) => d.document));
  return scoreRankings(rankings, qs.map((q) => q.expectedSources), k);
}

export interface CorpusRun {
  corpus: string;
  chunks: number;
  documents: number;
  questions: number;
  buildMs: number;
  baselines: { tfidf: Scored; bm25: Scored };
  signals: { bm25: Scored; lsa: Scored; prior: Record<string, Scored> };
  points: Record<string, Scored & { weights: Record<Feature, number>; pseudoTop1: { prior: number; fitted: number }; fitMs: number }>;
}

/** Every grid point on one corpus. */
export async function runCorpus(name: string, files: string[], questionsFile: string, points: GridPoint[], k = 5): Promise<CorpusRun> {
  const docs = await readCorpus(files);
  const { questions } = await readQuestions(questionsFile);
  const t0 = performance.now();
  const ix = memoryIndex(docs);
  const buildMs = Math.round(performance.now() - t0);
  const expected = questions.map((q) => q.expectedSources);
  const base = baselineRankings(docs, questions);
  const run: CorpusRun = {
    corpus: name,
    chunks: ix.chunks.length,
    documents: ix.documents.length,
    questions: questions.length,
    buildMs,
    baselines: { tfidf: scoreRankings(base.tfidf, expected, k), bm25: scoreRankings(base.bm25, expected, k) },
    signals: { bm25: evalWeights(ix, questions, BM25_ONLY, k), lsa: evalWeights(ix, questions, LSA_ONLY, k), prior: {} },
    points: {},
  };
  for (const [p, w] of Object.entries(PRIORS)) run.signals.prior[p] = evalWeights(ix, questions, w, k);
  for (const pt of points) {
    const fit = fitKbRanker(ix, pt.config);
    run.points[pt.id] = { ...evalWeights(ix, questions, fit.weights, k), weights: fit.weights, pseudoTop1: fit.top1, fitMs: fit.ms };
  }
  return run;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { corpora: { type: "string" }, grid: { type: "string", default: "default" } } });
  const want = values.corpora?.split(",");
  const points = grid(values.grid === "full" ? "full" : "default");
  const runs: CorpusRun[] = [];
  for (const c of EVAL_CORPORA) {
    if (want && !want.includes(c.name)) continue;
    const files = c.files();
    if (!Array.isArray(files)) {
      process.stderr.write(`${c.name}: skipped (${files.missing})\n`);
      continue;
    }
    const run = await runCorpus(c.name, files, c.questions, points);
    process.stderr.write(`${c.name}: ${run.chunks} chunks, built in ${run.buildMs} ms\n`);
    runs.push(run);
  }
  process.stdout.write(`${JSON.stringify(runs, null, 1)}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((c) => process.exit(c), (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
