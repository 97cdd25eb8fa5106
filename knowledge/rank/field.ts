/**
 * One BM25-scored field held in memory. Tokens are interned once per index (Vocabulary);
 * a field keeps its postings in three flat typed arrays (per token a range of unit ids and
 * saturated term frequencies, precomputed at build) plus an IDF per token. A "unit" is a
 * chunk or a document, whichever the field indexes. Scoring a query touches only the
 * postings of its own tokens, so a 100k-chunk field answers in a few milliseconds, and a
 * field of 15M postings costs 120 MB and no per-token objects.
 */

/** BM25 knobs of a field: Lucene's defaults unless a field says otherwise. */
export interface Bm25Params {
  k1: number;
  b: number;
}

export const BM25_DEFAULTS: Bm25Params = { k1: 1.2, b: 0.75 };

/** Token strings to dense ids, shared by every field of one index. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();

  /** The token's id, added when new. */
  add(token: string): number {
    let id = this.ids.get(token);
    if (id === undefined) this.ids.set(token, (id = this.ids.size));
    return id;
  }

  /** The token's id, or undefined when no indexed text holds it. */
  get(token: string): number | undefined {
    return this.ids.get(token);
  }

  get size(): number {
    return this.ids.size;
  }
}

/** One unit's token counts: token ids and their (possibly fractional) counts, each id once. */
export type UnitCounts = Map<number, number>;

const EMPTY = new Int32Array(0);

export class Bm25Field {
  readonly units: number;
  /** Postings of token t: positions start[t] … start[t + 1] − 1 of `unitIds` and `weights`. */
  private readonly start: Int32Array;
  private readonly unitIds: Int32Array;
  /** tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLen)), the document side of BM25. */
  private readonly weights: Float32Array;
  private readonly idfs: Float32Array;

  constructor(
    private readonly vocab: Vocabulary,
    counts: readonly UnitCounts[],
    p: Bm25Params = BM25_DEFAULTS,
  ) {
    this.units = counts.length;
    const v = vocab.size;
    const df = new Int32Array(v + 1);
    const lens = new Float64Array(counts.length);
    let total = 0;
    counts.forEach((m, u) => {
      for (const [t, tf] of m) {
        if (tf <= 0) continue;
        df[t] = (df[t] as number) + 1;
        lens[u] = (lens[u] as number) + tf;
      }
      total += lens[u] as number;
    });
    const avg = Math.max(1e-9, total / Math.max(1, counts.length));
    this.start = new Int32Array(v + 1);
    for (let t = 0; t < v; t++) this.start[t + 1] = (this.start[t] as number) + (df[t] as number);
    const n = counts.length;
    this.idfs = Float32Array.from({ length: v }, (_, t) => ((df[t] as number) > 0 ? Math.log(1 + (n - (df[t] as number) + 0.5) / ((df[t] as number) + 0.5)) : 0));
    this.unitIds = new Int32Array(this.start[v] as number);
    this.weights = new Float32Array(this.start[v] as number);
    const cursor = Int32Array.from(this.start.subarray(0, v));
    counts.forEach((m, u) => {
      const norm = p.k1 * (1 - p.b + (p.b * (lens[u] as number)) / avg);
      for (const [t, tf] of m) {
        if (tf <= 0) continue;
        const i = cursor[t] as number;
        this.unitIds[i] = u;
        this.weights[i] = (tf * (p.k1 + 1)) / (tf + norm);
        cursor[t] = i + 1;
      }
    });
  }

  /** IDF of a token; 0 when the field never saw it. */
  idf(token: string): number {
    const t = this.vocab.get(token);
    return t === undefined || t >= this.idfs.length ? 0 : (this.idfs[t] as number);
  }

  /** Units holding the token (ascending), or an empty list. */
  unitsOf(token: string): Int32Array {
    const t = this.vocab.get(token);
    if (t === undefined || t >= this.idfs.length) return EMPTY;
    return this.unitIds.subarray(this.start[t] as number, this.start[t + 1] as number);
  }

  /** Add each unit's BM25 score for the query (token → query weight) into `out` (length = units). */
  score(query: ReadonlyMap<string, number>, out: Float32Array): void {
    for (const [token, qw] of query) {
      const t = this.vocab.get(token);
      if (t === undefined || t >= this.idfs.length || qw <= 0) continue;
      const f = qw * (this.idfs[t] as number);
      const end = this.start[t + 1] as number;
      for (let i = this.start[t] as number; i < end; i++) {
        const u = this.unitIds[i] as number;
        out[u] = (out[u] as number) + f * (this.weights[i] as number);
      }
    }
  }

  /** Tokens with at least one posting in this field. */
  get vocabulary(): number {
    let n = 0;
    for (let t = 0; t < this.idfs.length; t++) if ((this.start[t + 1] as number) > (this.start[t] as number)) n++;
    return n;
  }

  /** Bytes held by the postings. */
  get bytes(): number {
    return this.start.byteLength + this.unitIds.byteLength + this.weights.byteLength + this.idfs.byteLength;
  }
}

/** Add a token list to a unit's counts, interning through the vocabulary. */
export function addTokens(vocab: Vocabulary, tokens: Iterable<string>, into: UnitCounts, weight = 1): UnitCounts {
  for (const t of tokens) {
    const id = vocab.add(t);
    into.set(id, (into.get(id) ?? 0) + weight);
  }
  return into;
}
