/**
 * Plain TF-IDF baseline on the eval set, entirely in memory (no database): the same
 * corpus files and the same chunks `kb ingest` stores, vectorized the scikit-learn way
 * (knowledge/eval/tfidf.ts), documents ranked by cosine, scored with the kb eval's own
 * metric function. It answers one question: how hard is our question set for the kind of
 * baseline the issue quotes (hit@5 ≈ 0.96, MRR ≈ 0.88 on another corpus)?
 *
 *   npx tsx knowledge/eval/baseline.ts --docs "$(npm root -g)/npm/docs/content" \
 *     --questions knowledge/eval/npm-docs.questions.jsonl --k 5 [--stop-words words.txt]
 *
 * `--stop-words` is a file of one word per line (scikit-learn's ENGLISH_STOP_WORDS for the
 * README figures); without it the stop-word variants are left out.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { AppError } from "../../core/errors.ts";
import { readQuestions, scoreRankings, type EvalQuestion } from "./evaluate.ts";
import { chunkDocument } from "../ingest/chunk.ts";
import { formatOf, readDocument } from "../ingest/read.ts";
import { DEFAULT_LIMITS, type ParsedDoc } from "../types.ts";
import { fitBm25, rankBm25 } from "./bm25.ts";
import { fitTfidf, rankDocuments, transform, type TfidfOptions } from "./tfidf.ts";

/** One corpus document in the forms the variants index. */
export interface CorpusDoc {
  name: string;
  /** The file as it is (front matter and Markdown marks included). */
  raw: string;
  doc: ParsedDoc;
}

/** What a retrievable unit's text is made of. */
export type Granularity = "doc-raw" | "doc" | "chunk" | "chunk-content";

export const GRANULARITIES: Record<Granularity, string> = {
  "doc-raw": "whole file, raw Markdown",
  doc: "whole parsed document: title, headings and text",
  chunk: "kb ingest chunks (outline chunk included), title + heading + content; document = best chunk",
  "chunk-content": "kb ingest chunks, content only; document = best chunk",
};

/** Files of a folder tree as the ingest lists them: sorted, hidden entries skipped. */
async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

/**
 * Read the corpus (a folder, or a list of files) with the ingest's reader; unreadable files
 * and duplicate names are skipped as the ingest does.
 */
export async function readCorpus(dir: string | string[]): Promise<CorpusDoc[]> {
  const files = Array.isArray(dir)
    ? dir
    : await listFiles(resolve(dir)).catch((err: unknown) => {
        throw new AppError("NOT_FOUND", `Cannot read corpus folder ${dir}`, { dir, cause: String(err) });
      });
  const docs: CorpusDoc[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (!formatOf(file)) continue;
    const bytes = await readFile(file);
    const read = await readDocument(file, bytes);
    if (!read.ok || seen.has(read.name)) continue;
    seen.add(read.name);
    docs.push({ name: read.name, raw: bytes.toString("utf8"), doc: read.doc });
  }
  return docs;
}

/** The (document, text) units a granularity indexes. */
export function unitsOf(docs: CorpusDoc[], granularity: Granularity): { document: string; text: string }[] {
  switch (granularity) {
    case "doc-raw":
      return docs.map((d) => ({ document: d.name, text: d.raw }));
    case "doc":
      return docs.map((d) => ({
        document: d.name,
        text: [d.doc.title, ...d.doc.sections.map((s) => `${s.headingPath.at(-1) ?? ""}\n${s.text}`)].join("\n"),
      }));
    case "chunk":
    case "chunk-content":
      return docs.flatMap((d) =>
        chunkDocument(d.doc, DEFAULT_LIMITS).map((c) => ({
          document: d.name,
          text: granularity === "chunk" ? [d.doc.title, c.heading, c.content].join("\n") : c.content,
        })),
      );
  }
}

/** Document rankings (top 10) of every question for one granularity and weighting. */
export function rankAll(docs: CorpusDoc[], questions: EvalQuestion[], granularity: Granularity, options: TfidfOptions): string[][] {
  const units = unitsOf(docs, granularity);
  const model = fitTfidf(units.map((u) => u.text), options);
  const vectors = units.map((u) => ({ document: u.document, vector: transform(model, u.text) }));
  return questions.map((q) => rankDocuments(vectors, transform(model, q.question), 10).map((r) => r.document));
}

/**
 * The two baselines `kb eval` prints beside our modes, as an analyst would try them first:
 * TF-IDF with scikit-learn's defaults and plain BM25 (Lucene's defaults), both on the ingest's
 * chunks (title + heading + content), a document scored by its best chunk. Top 10 per question.
 */
export function baselineRankings(docs: CorpusDoc[], questions: EvalQuestion[]): { tfidf: string[][]; bm25: string[][] } {
  const bm25 = fitBm25(unitsOf(docs, "chunk"));
  return { tfidf: rankAll(docs, questions, "chunk", {}), bm25: questions.map((q) => rankBm25(bm25, q.question, 10)) };
}

/** Weightings tried: sklearn defaults, then sublinear TF and English stop words as variants. */
function weightings(stopWords: ReadonlySet<string> | undefined): Record<string, TfidfOptions> {
  const out: Record<string, TfidfOptions> = { default: {}, sublinear: { sublinearTf: true } };
  if (stopWords) {
    out["stop-words"] = { stopWords };
    out["stop-words+sublinear"] = { stopWords, sublinearTf: true };
  }
  return out;
}

export interface BaselineReport {
  corpus: { dir: string; documents: number; chunks: number };
  questions: number;
  skipped: number;
  k: number;
  stopWords: number;
  granularities: Record<Granularity, string>;
  /** granularity → weighting → metrics, computed by knowledge/eval/evaluate.ts `scoreRankings`. */
  variants: Record<string, Record<string, { hitAtK: number; mrr: number }>>;
}

/** Every granularity × weighting on one corpus and question file. */
export async function runBaseline(opts: { docs: string; questions: string; k: number; stopWords?: ReadonlySet<string> | undefined }): Promise<BaselineReport> {
  const docs = await readCorpus(opts.docs);
  const { questions, problems } = await readQuestions(opts.questions);
  const expected = questions.map((q) => q.expectedSources);
  const variants: BaselineReport["variants"] = {};
  for (const granularity of Object.keys(GRANULARITIES) as Granularity[]) {
    const row: Record<string, { hitAtK: number; mrr: number }> = {};
    for (const [name, options] of Object.entries(weightings(opts.stopWords))) {
      row[name] = scoreRankings(rankAll(docs, questions, granularity, options), expected, opts.k);
    }
    variants[granularity] = row;
  }
  return {
    corpus: { dir: opts.docs, documents: docs.length, chunks: unitsOf(docs, "chunk").length },
    questions: questions.length,
    skipped: problems.length,
    k: opts.k,
    stopWords: opts.stopWords?.size ?? 0,
    granularities: GRANULARITIES,
    variants,
  };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { docs: { type: "string" }, questions: { type: "string" }, k: { type: "string", default: "5" }, "stop-words": { type: "string" } },
  });
  const k = Number(values.k);
  if (!values.docs || !values.questions || !Number.isInteger(k) || k < 1 || k > 10) {
    process.stderr.write("usage: baseline.ts --docs <dir> --questions <file.jsonl> [--k 1..10] [--stop-words <file>]\n");
    return 2;
  }
  const stopFile = values["stop-words"];
  const stopWords = stopFile
    ? new Set((await readFile(stopFile, "utf8")).split(/\r?\n/).map((w) => w.trim().toLowerCase()).filter(Boolean))
    : undefined;
  const report = await runBaseline({ docs: values.docs, questions: values.questions, k, stopWords });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
