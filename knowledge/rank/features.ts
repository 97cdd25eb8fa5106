/**
 * Query → candidate documents with their ranking features. Every signal is computed for
 * every chunk in one pass over the query's postings (and one scan of the LSA vectors), then
 * aggregated per document; score-like features are scaled per query so the best candidate
 * has 1 (a fitted weight then means the same for a two-word and a twenty-word question).
 */
import { foldIn, termCounts } from "../lsa/model.ts";
import { analyze, countTokens } from "./analyze.ts";
import type { KbIndex } from "./kb-index.ts";

/** The features of a (query, document) pair, in the order of a weight vector. */
export const FEATURES = [
  "main", // best chunk's BM25 over text + context (words, bigrams, code tokens), shared passages split
  "main2", // second-best chunk of the same: a document with several matching passages
  "lsa", // best chunk's LSA cosine (matches with no shared word)
  "lsaDoc", // the document's LSA centroid cosine (what the whole document is about)
  "heading", // best BM25 of the query against a chunk's heading path
  "title", // BM25 against the document's title and file name
  "doc", // BM25 of the whole document as one text
  "cover", // IDF share of the query's words found together in one chunk (proximity at passage scale)
  "coverDoc", // IDF share of the query's words found anywhere in the document
  "symbol", // IDF share of the query's code-like tokens ("@{-1}", "--hard") the document holds
] as const;
export type Feature = (typeof FEATURES)[number];
export const F = FEATURES.length;

/** LSA neighbours below this cosine are not matches (every passage is a little similar in a dense space). */
export const LSA_MIN_COSINE = 0.2;

/** Which chunks a caller may see; undefined = all. */
export type ChunkFilter = ((chunk: number) => boolean) | undefined;

/** One candidate document: its features and its best chunks. */
export interface Candidate {
  doc: number;
  /** FEATURES order, each in [0, 1]. */
  x: Float32Array;
}

/** Per-chunk raw signals of one query (reused by the chunk ordering of citations). */
interface Signals {
  main: Float32Array;
  lsa: Float32Array;
  head: Float32Array;
  cover: Float32Array;
  /** The query's best chunk scores (main, LSA), for the citation order. */
  top: [number, number];
}

/** Scratch buffers per index, so a query allocates nothing proportional to the corpus. */
const scratch = new WeakMap<KbIndex, Signals>();

/**
 * Candidates for a query: every document with a lexical match, an LSA neighbour above
 * LSA_MIN_COSINE or a title match, each with its features. `exclude` hides one chunk (the
 * pseudo-query fit uses it to ask about a passage without that passage answering).
 */
export function candidates(ix: KbIndex, query: string, filter?: ChunkFilter, exclude = -1): Candidate[] {
  const n = ix.chunks.length;
  let s = scratch.get(ix);
  if (!s || s.main.length !== n) scratch.set(ix, (s = { main: new Float32Array(n), lsa: new Float32Array(n), head: new Float32Array(n), cover: new Float32Array(n), top: [0, 0] }));
  s.main.fill(0);
  s.lsa.fill(0);
  s.head.fill(0);
  s.cover.fill(0);
  const q = analyze(query);
  const words = countTokens(q.words);
  const main = countTokens(q.symbols, countTokens(q.bigrams, countTokens(q.words), 0.5));
  ix.main.score(main, s.main);
  ix.heading.score(words, s.head);
  // Coverage: IDF mass of the query's distinct words present in each chunk / document.
  let idfSum = 0;
  for (const t of words.keys()) idfSum += ix.main.idf(t);
  const docs = ix.documents.length;
  const coverDoc = new Float32Array(docs);
  if (idfSum > 0) {
    for (const t of words.keys()) {
      const w = ix.main.idf(t) / idfSum;
      for (const u of ix.main.unitsOf(t)) s.cover[u] = (s.cover[u] as number) + w;
      for (const d of ix.doc.unitsOf(t)) coverDoc[d] = (coverDoc[d] as number) + w;
    }
  }
  let symSum = 0;
  for (const t of q.symbols) symSum += ix.doc.idf(t);
  const symbol = new Float32Array(docs);
  if (symSum > 0) for (const t of new Set(q.symbols)) for (const d of ix.doc.unitsOf(t)) symbol[d] = (symbol[d] as number) + ix.doc.idf(t) / symSum;
  const title = new Float32Array(docs);
  ix.title.score(words, title);
  const docBm25 = new Float32Array(docs);
  ix.doc.score(countTokens(q.symbols, countTokens(q.words)), docBm25);
  const lsaDoc = new Float32Array(docs);
  const k = ix.lsaDims;
  const qv = k > 0 && ix.lsa ? foldIn(termCounts({ text: query }), (t) => ix.lsa?.terms.get(t), k) : undefined;
  if (qv) {
    const v = Float32Array.from(qv);
    const chunkVecs = ix.lsaChunks;
    for (let i = 0; i < n; i++) {
      let dot = 0;
      const o = i * k;
      for (let j = 0; j < k; j++) dot += (chunkVecs[o + j] as number) * (v[j] as number);
      s.lsa[i] = dot >= LSA_MIN_COSINE ? dot : 0;
    }
    for (let d = 0; d < docs; d++) {
      let dot = 0;
      for (let j = 0; j < k; j++) dot += (ix.lsaDocs[d * k + j] as number) * (v[j] as number);
      lsaDoc[d] = Math.max(0, dot);
    }
  }
  if (exclude >= 0) {
    s.main[exclude] = 0;
    s.lsa[exclude] = 0;
    s.head[exclude] = 0;
    s.cover[exclude] = 0;
  }
  let topM = 0, topL = 0;
  for (let i = 0; i < n; i++) {
    if ((s.main[i] as number) > topM) topM = s.main[i] as number;
    if ((s.lsa[i] as number) > topL) topL = s.lsa[i] as number;
  }
  s.top = [topM, topL];
  return aggregate(ix, s, { title, docBm25, lsaDoc, coverDoc, symbol }, filter);
}

/** Per-document features from the per-chunk signals (best and second chunk, shared passages split). */
function aggregate(ix: KbIndex, s: Signals, d: Record<"title" | "docBm25" | "lsaDoc" | "coverDoc" | "symbol", Float32Array>, filter: ChunkFilter): Candidate[] {
  const out: Candidate[] = [];
  for (let doc = 0; doc < ix.documents.length; doc++) {
    let m1 = 0, m2 = 0, l1 = 0, h1 = 0, c1 = 0, seen = false;
    for (let i = ix.docStart[doc] as number; i < (ix.docStart[doc + 1] as number); i++) {
      if (filter && !filter(i)) continue;
      seen = true;
      const share = ix.share[i] as number;
      const m = (s.main[i] as number) * share;
      if (m > m1) [m1, m2] = [m, m1];
      else if (m > m2) m2 = m;
      l1 = Math.max(l1, (s.lsa[i] as number) * share);
      h1 = Math.max(h1, (s.head[i] as number) * share);
      c1 = Math.max(c1, s.cover[i] as number);
    }
    if (!seen || (m1 <= 0 && l1 <= 0 && (d.title[doc] as number) <= 0)) continue;
    const x = Float32Array.of(m1, m2, l1, d.lsaDoc[doc] as number, h1, d.title[doc] as number, d.docBm25[doc] as number, c1, d.coverDoc[doc] as number, d.symbol[doc] as number);
    out.push({ doc, x });
  }
  // Scale score-like features so the best candidate has 1 (coverage shares are already in [0, 1]).
  for (const f of [0, 1, 2, 3, 4, 5, 6]) {
    let top = 0;
    for (const c of out) top = Math.max(top, c.x[f] as number);
    if (top > 0) for (const c of out) c.x[f] = (c.x[f] as number) / top;
  }
  return out;
}

/**
 * A candidate's chunks ordered for citation: main and LSA, each scaled to the query's best
 * chunk, weighted. A multi-chunk document's outline (summary and headings, no heading of its
 * own) goes after its passages that match: it says what the document is about but holds no
 * answer to quote. Reads the signals of the last `candidates` call on this index, so call
 * it right after, synchronously, for the same query.
 */
export function chunkOrder(ix: KbIndex, cand: Candidate, wMain: number, wLsa: number, filter?: ChunkFilter): number[] {
  const s = scratch.get(ix);
  if (!s) return [];
  const [topM, topL] = s.top;
  const from = ix.docStart[cand.doc] as number;
  const to = ix.docStart[cand.doc + 1] as number;
  const ids: [number, number, boolean][] = [];
  for (let i = from; i < to; i++) {
    if (filter && !filter(i)) continue;
    const score = wMain * ((s.main[i] as number) / (topM || 1)) + wLsa * ((s.lsa[i] as number) / (topL || 1));
    ids.push([i, score, to - from > 1 && !ix.chunks[i]?.heading]);
  }
  const rank = ([, score, outline]: [number, number, boolean]) => (outline || score <= 0 ? 0 : 1);
  return ids.sort((a, b) => rank(b) - rank(a) || b[1] - a[1] || a[0] - b[0]).map(([i]) => i);
}
