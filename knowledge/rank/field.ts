/**
 * One BM25-scored field held in memory: postings per token (unit ids and the saturated
 * term frequency, precomputed at build), IDF from document frequencies. A "unit" is a chunk
 * or a document, whichever the field indexes. Scoring a query touches only the postings of
 * its own tokens, so a 100k-chunk field answers in a few milliseconds.
 */

/** BM25 knobs of a field: Lucene's defaults unless a field says otherwise. */
export interface Bm25Params {
  k1: number;
  b: number;
}

export const BM25_DEFAULTS: Bm25Params = { k1: 1.2, b: 0.75 };

interface Postings {
  units: Int32Array;
  /** tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLen)), the document side of BM25. */
  weights: Float32Array;
  idf: number;
}

export class Bm25Field {
  readonly units: number;
  private readonly postings = new Map<string, Postings>();

  /** `counts[u]` is unit u's token counts (a weight may be fractional, e.g. a boosted heading). */
  constructor(counts: ReadonlyArray<ReadonlyMap<string, number>>, p: Bm25Params = BM25_DEFAULTS) {
    this.units = counts.length;
    const lens = counts.map((m) => {
      let s = 0;
      for (const v of m.values()) s += v;
      return s;
    });
    const avg = Math.max(1e-9, lens.reduce((a, b) => a + b, 0) / Math.max(1, counts.length));
    const acc = new Map<string, { u: number[]; w: number[] }>();
    counts.forEach((m, u) => {
      const norm = p.k1 * (1 - p.b + (p.b * (lens[u] as number)) / avg);
      for (const [t, tf] of m) {
        if (tf <= 0) continue;
        let e = acc.get(t);
        if (!e) acc.set(t, (e = { u: [], w: [] }));
        e.u.push(u);
        e.w.push((tf * (p.k1 + 1)) / (tf + norm));
      }
    });
    const n = counts.length;
    for (const [t, e] of acc) {
      const df = e.u.length;
      this.postings.set(t, { units: Int32Array.from(e.u), weights: Float32Array.from(e.w), idf: Math.log(1 + (n - df + 0.5) / (df + 0.5)) });
    }
  }

  /** IDF of a token; 0 when the field never saw it. */
  idf(token: string): number {
    return this.postings.get(token)?.idf ?? 0;
  }

  /** Units holding the token (ascending), or an empty list. */
  unitsOf(token: string): Int32Array {
    return this.postings.get(token)?.units ?? EMPTY;
  }

  /** Add each unit's BM25 score for the query (token → query weight) into `out` (length = units). */
  score(query: ReadonlyMap<string, number>, out: Float32Array): void {
    for (const [t, qw] of query) {
      const p = this.postings.get(t);
      if (!p || qw <= 0) continue;
      const f = qw * p.idf;
      const { units, weights } = p;
      for (let i = 0; i < units.length; i++) {
        const u = units[i] as number;
        out[u] = (out[u] as number) + f * (weights[i] as number);
      }
    }
  }

  /** Distinct tokens indexed (for stats). */
  get vocabulary(): number {
    return this.postings.size;
  }

  /** Approximate bytes held by the postings (typed arrays only). */
  get bytes(): number {
    let b = 0;
    for (const p of this.postings.values()) b += p.units.byteLength + p.weights.byteLength + 48;
    return b;
  }
}

const EMPTY = new Int32Array(0);
