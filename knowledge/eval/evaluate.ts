import { readFile } from "node:fs/promises";
import { AppError } from "../../core/errors.ts";
import type { Db } from "../../db/pool.ts";
import type { Embedder } from "../embed/types.ts";
import { searchDocuments } from "../search.ts";
import { baselineRankingsOnKb } from "./kb-baselines.ts";
import type { SearchMode } from "../types.ts";

/** One line of questions.jsonl (cases.md). */
export interface EvalQuestion {
  id: string;
  question: string;
  expectedSources: string[];
}

export interface ModeMetrics {
  /** Share of questions with an expected source among the top-k distinct documents. */
  hitAtK: number;
  /** Mean reciprocal rank of the first expected source within the top 10 documents. */
  mrr: number;
  latencyMs: { p50: number; p95: number };
  /** The same metrics on each half of the questions (see `scoreHalves`): tune on one, report the other. */
  halves: Halves;
}

/** hit@k and MRR of the two halves of a question file, split by position so the split never depends on results. */
export interface Halves {
  /** Questions 1, 3, 5… of the file: the half to tune parameters on. */
  tune: { hitAtK: number; mrr: number };
  /** Questions 2, 4, 6…: the held-out half, never looked at while tuning. */
  heldOut: { hitAtK: number; mrr: number };
}

export interface EvalReport {
  kb: string;
  k: number;
  mode: SearchMode;
  embedder: string;
  questions: number;
  skipped: number;
  problems: { line: number; message: string }[];
  metrics: ModeMetrics;
  /** Every mode side by side on the same questions. */
  modes: Record<SearchMode, ModeMetrics>;
  /** The plain baselines on the kb's own chunks (kb-baselines.ts), the bar fused must clear. */
  baselines: Record<"tfidf" | "bm25", { hitAtK: number; mrr: number; halves: Halves }>;
  misses: { id: string; question: string; expected: string[]; got: string[] }[];
}

/** Parse questions.jsonl; a bad line is reported with its number and skipped. */
export async function readQuestions(file: string): Promise<{ questions: EvalQuestion[]; problems: { line: number; message: string }[] }> {
  const text = await readFile(file, "utf8").catch(() => {
    throw new AppError("NOT_FOUND", `Cannot read questions file ${file}`, { file });
  });
  const questions: EvalQuestion[] = [];
  const problems: { line: number; message: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      const o = JSON.parse(raw) as Record<string, unknown>;
      const src = o.expectedSources;
      if (typeof o.question !== "string" || !o.question.trim()) throw new Error("missing question");
      if (!Array.isArray(src) || src.length === 0 || !src.every((s) => typeof s === "string")) throw new Error("expectedSources must be a non-empty array of document names");
      questions.push({ id: typeof o.id === "string" ? o.id : `line-${i + 1}`, question: o.question, expectedSources: src as string[] });
    } catch (err) {
      problems.push({ line: i + 1, message: err instanceof Error ? err.message : String(err) });
    }
  });
  if (questions.length === 0) throw new AppError("INPUT_INVALID", `No usable questions in ${file}`, { file, problems });
  return { questions, problems };
}

/** Nearest-rank percentile. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

/** hit@k and MRR@10 of ranked document lists against expected sources. */
export function scoreRankings(rankings: string[][], expected: string[][], k: number): { hitAtK: number; mrr: number } {
  let hits = 0;
  let rr = 0;
  rankings.forEach((ranked, i) => {
    const want = new Set(expected[i]);
    const pos = ranked.slice(0, 10).findIndex((d) => want.has(d));
    if (pos >= 0 && pos < k) hits++;
    if (pos >= 0) rr += 1 / (pos + 1);
  });
  const n = rankings.length || 1;
  return { hitAtK: round(hits / n), mrr: round(rr / n) };
}

/**
 * `scoreRankings` on each half of the questions, split by parity of their position in the
 * file: deterministic, independent of the results, and balanced when questions about one
 * document sit next to each other. A change tuned on `tune` is credible only if `heldOut`
 * moves the same way.
 */
export function scoreHalves(rankings: string[][], expected: string[][], k: number): Halves {
  const half = (parity: number) => {
    const keep = (_: unknown, i: number) => i % 2 === parity;
    return scoreRankings(rankings.filter(keep), expected.filter(keep), k);
  };
  return { tune: half(0), heldOut: half(1) };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Evaluate one mode: documents ranked per question, with per-query latency. */
async function runMode(db: Db, embedder: Embedder, scope: { tenantId: string; kb: string }, qs: EvalQuestion[], k: number, mode: SearchMode) {
  const rankings: string[][] = [];
  const times: number[] = [];
  for (const q of qs) {
    const t0 = performance.now();
    const docs = await searchDocuments(db, embedder, { ...scope, query: q.question, accessLabels: "all", mode, k: 10 });
    times.push(performance.now() - t0);
    rankings.push(docs.slice(0, 10).map((d) => d.document));
  }
  times.sort((a, b) => a - b);
  const expected = qs.map((q) => q.expectedSources);
  const metrics: ModeMetrics = {
    ...scoreRankings(rankings, expected, k),
    latencyMs: { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) },
    halves: scoreHalves(rankings, expected, k),
  };
  return { metrics, rankings };
}

/**
 * The kb eval: every question through every mode (fts, vector, lsa, fused); `metrics` is
 * the requested mode's, `modes` all of them, `misses` the requested mode's failures.
 */
export async function evaluate(
  db: Db,
  embedder: Embedder,
  opts: { tenantId: string; kb: string; questionsFile: string; k: number; mode: SearchMode; onProgress?: (n: number) => void },
): Promise<EvalReport> {
  const { questions, problems } = await readQuestions(opts.questionsFile);
  const scope = { tenantId: opts.tenantId, kb: opts.kb };
  const modes = {} as Record<SearchMode, ModeMetrics>;
  let misses: EvalReport["misses"] = [];
  for (const mode of ["fts", "vector", "lsa", "fused"] as const) {
    const r = await runMode(db, embedder, scope, questions, opts.k, mode);
    modes[mode] = r.metrics;
    opts.onProgress?.(questions.length);
    if (mode === opts.mode) {
      misses = questions
        .map((q, i) => ({ id: q.id, question: q.question, expected: q.expectedSources, got: (r.rankings[i] ?? []).slice(0, opts.k) }))
        .filter((m) => !m.got.some((d) => m.expected.includes(d)));
    }
  }
  const base = await baselineRankingsOnKb(db.pool, scope, questions.map((q) => q.question));
  const expected = questions.map((q) => q.expectedSources);
  const baseline = (r: string[][]) => ({ ...scoreRankings(r, expected, opts.k), halves: scoreHalves(r, expected, opts.k) });
  return {
    kb: opts.kb,
    k: opts.k,
    mode: opts.mode,
    embedder: embedder.id,
    questions: questions.length,
    skipped: problems.length,
    problems,
    metrics: modes[opts.mode],
    modes,
    baselines: { tfidf: baseline(base.tfidf), bm25: baseline(base.bm25) },
    misses,
  };
}
