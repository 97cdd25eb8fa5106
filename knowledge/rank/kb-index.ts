/**
 * A knowledge base held in memory for ranking: BM25 fields per chunk and per document, the
 * corpus-fitted LSA vectors, and which passages are shared between documents. Built from
 * the stored chunks (knowledge/rank/cache.ts loads and refreshes it), pure and deterministic,
 * so ingest-time fitting, search and the eval all rank with exactly the same code.
 */
import { foldIn, LSA_DEFAULTS, type LsaModel } from "../lsa/model.ts";
import { analyze, countTokens } from "./analyze.ts";
import { addTokens, Bm25Field, type UnitCounts, Vocabulary } from "./field.ts";

/** One stored chunk, as the index needs it. */
export interface IndexChunk {
  id: string;
  document: string;
  title: string;
  summary: string;
  heading: string;
  content: string;
  /** Same text (whitespace-normalised) = same key: see kb_chunks.content_key. */
  contentKey: string;
  labels: readonly string[];
}

/** Weight of an adjacent-word pair, relative to a word (phrases refine, words carry the match). */
const BIGRAM_WEIGHT = 0.5;
/** Title, summary and heading words count this many times in a chunk's main field: they say what it is about. */
const CONTEXT_BOOST = 2;
/** Context weight the LSA projection was fitted with (knowledge/lsa/model.ts termCounts). */
const LSA_CONTEXT_BOOST = LSA_DEFAULTS.contextBoost;

export class KbIndex {
  /** Chunks sorted by document; document d owns chunks docStart[d] … docStart[d + 1] − 1. */
  chunks: IndexChunk[];
  readonly documents: string[];
  readonly titles: string[];
  readonly docStart: Int32Array;
  readonly chunkDoc: Int32Array;
  /** 1 / (documents holding the same passage): a copied option list is weak evidence for each copy. */
  readonly share: Float32Array;
  /** Chunk text + context (title, summary, heading ×2): words, bigrams (×½) and code tokens. */
  readonly main: Bm25Field;
  /** Each chunk's heading path alone. */
  readonly heading: Bm25Field;
  /** Each document's title and file name. */
  readonly title: Bm25Field;
  /** Each document's whole text (words and code tokens), one unit per document. */
  readonly doc: Bm25Field;
  /** LSA: unit chunk vectors (row-major, `lsaDims` per chunk; zero when the chunk has no known word) and document centroids. */
  readonly lsaDims: number;
  readonly lsaChunks: Float32Array;
  readonly lsaDocs: Float32Array;
  readonly lsa: LsaModel | undefined;
  /** Token ids shared by the fields. */
  readonly vocab: Vocabulary;
  /** Whether any chunk carries access labels (the unlabelled case skips per-chunk checks). */
  readonly labelled: boolean;

  constructor(input: readonly IndexChunk[], lsa?: LsaModel) {
    const chunks = [...input].sort((a, b) => (a.document < b.document ? -1 : a.document > b.document ? 1 : 0));
    this.chunks = chunks;
    const docs: string[] = [];
    const titles: string[] = [];
    const starts: number[] = [];
    this.chunkDoc = new Int32Array(chunks.length);
    chunks.forEach((c, i) => {
      if (docs.at(-1) !== c.document) {
        docs.push(c.document);
        titles.push(c.title);
        starts.push(i);
      }
      this.chunkDoc[i] = docs.length - 1;
    });
    starts.push(chunks.length);
    this.documents = docs;
    this.titles = titles;
    this.docStart = Int32Array.from(starts);
    const holders = new Map<string, Set<number>>();
    chunks.forEach((c, i) => {
      const s = holders.get(c.contentKey) ?? new Set<number>();
      s.add(this.chunkDoc[i] as number);
      holders.set(c.contentKey, s);
    });
    this.share = Float32Array.from(chunks, (c) => 1 / (holders.get(c.contentKey)?.size ?? 1));
    this.labelled = chunks.some((c) => c.labels.length > 0);

    const docContext = new Map<number, Map<string, number>>();
    const k = lsa?.dimensions ?? 0;
    this.lsa = lsa;
    this.lsaDims = k;
    this.lsaChunks = new Float32Array(chunks.length * k);
    this.lsaDocs = new Float32Array(docs.length * k);
    const lookup = (t: string) => lsa?.terms.get(t);
    const v = (this.vocab = new Vocabulary());
    const mainCounts: UnitCounts[] = [];
    const headCounts: UnitCounts[] = [];
    const docCounts: UnitCounts[] = docs.map(() => new Map());
    chunks.forEach((c, i) => {
      const d = this.chunkDoc[i] as number;
      const body = analyze(c.content);
      const head = analyze(c.heading);
      let ctx = docContext.get(d);
      if (!ctx) docContext.set(d, (ctx = countTokens(analyze(`${c.title}\n${c.summary}`).words)));
      const m = addTokens(v, body.words, new Map());
      addTokens(v, body.bigrams, m, BIGRAM_WEIGHT);
      addTokens(v, body.symbols, m);
      for (const [t, n] of ctx) addTokens(v, [t], m, n * CONTEXT_BOOST);
      addTokens(v, head.words, m, CONTEXT_BOOST);
      mainCounts.push(m);
      headCounts.push(addTokens(v, head.words, new Map()));
      const dc = docCounts[d] as UnitCounts;
      addTokens(v, body.words, dc);
      addTokens(v, body.symbols, dc);
      if (k > 0) {
        // The LSA fit's own term counts (termCounts): text once, title, summary and heading ×2.
        const lc = countTokens(body.words);
        for (const [t, n] of ctx) lc.set(t, (lc.get(t) ?? 0) + n * LSA_CONTEXT_BOOST);
        countTokens(head.words, lc, LSA_CONTEXT_BOOST);
        const vec = foldIn(lc, lookup, k);
        if (vec) this.lsaChunks.set(vec, i * k);
      }
    });
    const titleCounts = docs.map((name, d) => addTokens(v, analyze(`${titles[d]}\n${name.replace(/[-_.]+/g, " ")}`).words, new Map()));
    this.main = new Bm25Field(v, mainCounts);
    this.heading = new Bm25Field(v, headCounts);
    this.title = new Bm25Field(v, titleCounts);
    this.doc = new Bm25Field(v, docCounts);

    if (k > 0) {
      for (let d = 0; d < docs.length; d++) {
        const sum = new Float64Array(k);
        for (let i = this.docStart[d] as number; i < (this.docStart[d + 1] as number); i++) for (let j = 0; j < k; j++) sum[j] = (sum[j] as number) + (this.lsaChunks[i * k + j] as number);
        const len = Math.sqrt(sum.reduce((a, x) => a + x * x, 0));
        if (len > 1e-12) for (let j = 0; j < k; j++) this.lsaDocs[d * k + j] = (sum[j] as number) / len;
      }
    }
  }

  /**
   * Drop the chunks' text once the index is built (search needs only the index; citations
   * read their text from the database): a cached 100k-chunk kb then holds no text.
   */
  releaseText(): void {
    this.chunks = this.chunks.map((c) => ({ ...c, content: "", summary: "" }));
  }

  /** Approximate bytes of the typed arrays held (postings and vectors), for stats and the bench. */
  get bytes(): number {
    return this.main.bytes + this.heading.bytes + this.title.bytes + this.doc.bytes + this.lsaChunks.byteLength + this.lsaDocs.byteLength + this.share.byteLength * 3;
  }
}
