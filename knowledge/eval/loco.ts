/**
 * Leave-one-corpus-out selection over research runs (research.ts output): for each corpus,
 * the grid point with the best mean MRR on the OTHER corpora, and that point's figures on
 * the corpus itself, beside the shipped default (FIT_DEFAULTS) and the baselines. No figure
 * reported for a corpus comes from a choice that looked at that corpus.
 *
 *   npx tsx knowledge/eval/loco.ts knowledge/eval/runs/grid-dev.json knowledge/eval/runs/grid-heldout.json
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { FIT_DEFAULTS } from "../rank/fit.ts";
import type { CorpusRun, Scored } from "./research.ts";

export interface LocoRow {
  corpus: string;
  /** Grid point chosen on the other corpora. */
  chosen: string;
  chosenOn: string[];
  loco: Scored;
  shipped: Scored;
  baselines: { tfidf: Scored; bm25: Scored };
  signals: { bm25: Scored; lsa: Scored };
  /** loco MRR − the better baseline's MRR. */
  marginMrr: number;
}

/** The LOCO table of a set of runs (every run must hold the same grid points). */
export function loco(runs: CorpusRun[], shippedId: string): LocoRow[] {
  const points = Object.keys(runs[0]?.points ?? {});
  return runs.map((run) => {
    const others = runs.filter((r) => r !== run);
    const mean = (p: string) => others.reduce((s, r) => s + (r.points[p]?.mrr ?? 0), 0) / Math.max(1, others.length);
    // Ties keep the first point in grid order: the order never depends on results.
    const chosen = points.reduce((best, p) => (mean(p) > mean(best) + 1e-12 ? p : best), points[0] as string);
    const pick = (p: string): Scored => ({ hitAtK: run.points[p]?.hitAtK ?? 0, mrr: run.points[p]?.mrr ?? 0 });
    const loco = pick(chosen);
    return {
      corpus: run.corpus,
      chosen,
      chosenOn: others.map((r) => r.corpus),
      loco,
      shipped: pick(shippedId),
      baselines: run.baselines,
      signals: { bm25: run.signals.bm25, lsa: run.signals.lsa },
      marginMrr: Math.round((loco.mrr - Math.max(run.baselines.tfidf.mrr, run.baselines.bm25.mrr)) * 1e4) / 1e4,
    };
  });
}

async function main(files: string[]): Promise<number> {
  const runs: CorpusRun[] = [];
  for (const f of files) runs.push(...(JSON.parse(await readFile(f, "utf8")) as CorpusRun[]));
  const shipped = `${FIT_DEFAULTS.recipe}/l2=${FIT_DEFAULTS.l2}/${FIT_DEFAULTS.prior}`;
  const rows = loco(runs, shipped);
  const f = (s: Scored) => `${s.hitAtK.toFixed(3)} / ${s.mrr.toFixed(3)}`;
  process.stderr.write(`corpus | chosen on the others | LOCO fused | shipped (${shipped}) | TF-IDF | BM25 | bm25 signal | lsa | margin\n`);
  for (const r of rows) process.stderr.write(`${r.corpus} | ${r.chosen} | ${f(r.loco)} | ${f(r.shipped)} | ${f(r.baselines.tfidf)} | ${f(r.baselines.bm25)} | ${f(r.signals.bm25)} | ${f(r.signals.lsa)} | ${r.marginMrr >= 0 ? "+" : ""}${r.marginMrr.toFixed(3)}\n`);
  process.stdout.write(`${JSON.stringify(rows, null, 1)}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((c) => process.exit(c), (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
