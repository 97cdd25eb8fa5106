/**
 * The two baselines `kb eval` prints beside our modes, computed on the knowledge base's own
 * stored chunks (title + heading + content; a document scored by its best chunk): TF-IDF
 * with scikit-learn's defaults and plain BM25 (knowledge/eval/tfidf.ts, bm25.ts). The same
 * units `kb ingest` stored, so the comparison is on equal ground.
 */
import type { Queryable } from "../../db/pool.ts";
import type { KbScope } from "../store/documents.ts";
import { loadChunks } from "../store/model.ts";
import { fitBm25, rankBm25 } from "./bm25.ts";
import { fitTfidf, rankDocuments, transform } from "./tfidf.ts";

/** Top-10 document rankings of every question by each baseline. */
export async function baselineRankingsOnKb(q: Queryable, scope: KbScope, questions: string[]): Promise<{ tfidf: string[][]; bm25: string[][] }> {
  const units = (await loadChunks(q, scope)).map((c) => ({ document: c.document, text: [c.title, c.heading, c.content].join("\n") }));
  const tfidf = fitTfidf(units.map((u) => u.text));
  const vectors = units.map((u) => ({ document: u.document, vector: transform(tfidf, u.text) }));
  const bm25 = fitBm25(units);
  return {
    tfidf: questions.map((text) => rankDocuments(vectors, transform(tfidf, text), 10).map((r) => r.document)),
    bm25: questions.map((text) => rankBm25(bm25, text, 10)),
  };
}
