import type { Customer, Ticket } from "../../cases/schema.ts";
import type { ClassPrediction, Factor, RoutingModelFile, RoutingPrediction } from "../types.ts";
import { scaledSoftmax } from "./calibrate.ts";
import { ticketTerms, type TermOptions, type TicketTerms } from "./features.ts";
import { blendInto, buildNeighbourIndex, nearest, restrictRow, votes, type Neighbour, type NeighbourIndex } from "./knn.ts";
import { parseTextParams, type ClassifierParams, type TextRoutingParams } from "./params.ts";
import { charNgrams } from "./tokenize.ts";
import { indexVocabulary, termBlock, vectorize, type IndexedCounts, type SparseRow, type VocabIndex } from "./vectorize.ts";

/**
 * Routing a ticket with a fitted text model. The JSON params are validated and turned
 * into typed arrays once per model object (cached), so each prediction is a tokenisation,
 * a few thousand map lookups and one sparse product per label.
 */

/** How many terms are reported per decision. */
export const TOP_FACTORS = 5;
/** Words whose character n-gram ids are remembered per model; the cache is emptied when full. */
const WORD_CACHE_SIZE = 50_000;

interface CompiledClassifier {
  labels: string[];
  scale: number;
  classes: number;
  /**
   * `w[f * classes + k]` in single precision: the weights are stored with 5 decimals, and
   * half the bytes means far fewer cache misses in the sparse product, its main cost.
   */
  w: Float32Array;
  b: Float64Array;
  /** Neighbour blend (weight 0 = none) and the training tickets' labels for this target. */
  neighbours: { k: number; power: number; weight: number };
  neighbourLabels: Int32Array;
}

/** Training tickets for the neighbour vote, as posting lists over the word block. */
interface CompiledNeighbours {
  index: NeighbourIndex;
  isWord: Uint8Array;
  k: number;
  /** One similarity accumulator per training ticket, all zero between predictions. */
  acc: Float64Array;
}

interface CompiledModel {
  terms: TermOptions;
  index: VocabIndex;
  features: string[];
  queue: CompiledClassifier;
  priority?: CompiledClassifier;
  neighbours?: CompiledNeighbours;
  /** Word → vocabulary ids of its character n-grams: most words recur, and the lookups dominate the cost. */
  wordCache: Map<string, Int32Array>;
  /** One count per feature, all zero between predictions. */
  scratch: Float64Array;
}

const compiled = new WeakMap<object, CompiledModel>();

function compileClassifier(c: ClassifierParams, neighbourLabels: number[] | undefined): CompiledClassifier {
  return {
    labels: c.labels,
    scale: c.scale,
    classes: c.labels.length,
    w: Float32Array.from(c.weights),
    b: Float64Array.from(c.bias),
    neighbours: neighbourLabels && c.neighbours ? c.neighbours : { k: 1, power: 1, weight: 0 },
    neighbourLabels: Int32Array.from(neighbourLabels ?? []),
  };
}

/**
 * Posting lists of the stored training tickets; their values are computed here from the
 * idf exactly as `vectorize` does for a new ticket (sublinear tf × idf, L2 per block).
 */
function compileNeighbours(p: TextRoutingParams, idf: Float64Array): CompiledNeighbours | undefined {
  const nb = p.neighbours;
  const k = Math.max(p.queue.neighbours?.weight ? p.queue.neighbours.k : 0, p.priority?.neighbours?.weight ? p.priority.neighbours.k : 0);
  if (!nb || k === 0) return undefined;
  const rows: SparseRow[] = [];
  for (let r = 0; r + 1 < nb.offsets.length; r++) {
    const idx: number[] = [];
    const val: number[] = [];
    const ids = nb.ids.slice(nb.offsets[r], nb.offsets[r + 1]);
    let norm = 0;
    for (let j = 0; j < ids.length; ) {
      const f = ids[j] as number;
      let tf = 0;
      while (ids[j] === f) {
        j++;
        tf++;
      }
      const x = (1 + Math.log(tf)) * (idf[f] as number);
      idx.push(f);
      val.push(x);
      norm += x * x;
    }
    const scale = norm > 0 ? p.vocab.wordScale / Math.sqrt(norm) : 0;
    rows.push({ idx: Int32Array.from(idx), val: Float64Array.from(val, (x) => x * scale) });
  }
  return {
    index: buildNeighbourIndex(rows, p.features.length),
    isWord: Uint8Array.from(p.features, (t) => (termBlock(t) === 0 ? 1 : 0)),
    k,
    acc: new Float64Array(rows.length),
  };
}

/** Class scores of one row. */
function scores(c: CompiledClassifier, row: SparseRow): Float64Array {
  const K = c.classes;
  const out = Float64Array.from(c.b);
  for (let j = 0; j < row.idx.length; j++) {
    const base = (row.idx[j] as number) * K;
    const x = row.val[j] as number;
    for (let k = 0; k < K; k++) out[k] = (out[k] as number) + x * (c.w[base + k] as number);
  }
  return out;
}

/** Validate and index a model's params once; throws MODEL_INVALID for a foreign or damaged file. */
function compile(model: RoutingModelFile): CompiledModel {
  const key = typeof model.params === "object" && model.params !== null ? model.params : model;
  const hit = compiled.get(key);
  if (hit) return hit;
  const p = parseTextParams(model.params);
  const index = indexVocabulary({ terms: p.features, idf: p.idf }, p.vocab);
  const neighbours = compileNeighbours(p, index.idf);
  const out: CompiledModel = {
    terms: p.terms,
    index,
    ...(neighbours ? { neighbours } : {}),
    features: p.features,
    queue: compileClassifier(p.queue, p.neighbours?.queue),
    ...(p.priority ? { priority: compileClassifier(p.priority, p.neighbours?.priority) } : {}),
    wordCache: new Map(),
    scratch: new Float64Array(p.features.length),
  };
  compiled.set(key, out);
  return out;
}

/**
 * Character n-gram counts of a ticket's words, by feature id, through the model's word
 * cache; counted in the model's dense scratch array (reset before returning), which is
 * safe because prediction is synchronous.
 */
function charCounts(m: CompiledModel, terms: TicketTerms): IndexedCounts {
  const out: IndexedCounts = { ids: [], tf: [] };
  if (!m.terms.chars) return out;
  const grams = m.index.blocks[1];
  const counts = m.scratch;
  for (const [word, n] of terms.tokens) {
    if (word === "#num") continue;
    let ids = m.wordCache.get(word);
    if (!ids) {
      const found: number[] = [];
      for (const g of charNgrams(word)) {
        const id = grams.get(g);
        if (id !== undefined) found.push(id);
      }
      ids = Int32Array.from(found);
      if (m.wordCache.size >= WORD_CACHE_SIZE) m.wordCache.clear();
      m.wordCache.set(word, ids);
    }
    for (const id of ids) {
      if (counts[id] === 0) out.ids.push(id);
      counts[id] = (counts[id] as number) + n;
    }
  }
  for (const id of out.ids) {
    out.tf.push(counts[id] as number);
    counts[id] = 0;
  }
  return out;
}

/** The TOP_FACTORS largest positive contributions toward label k (feature value × weight, on the probability scale). */
function factorsFor(c: CompiledClassifier, features: string[], row: SparseRow, k: number): Factor[] {
  const K = c.labels.length;
  const contribution = new Float64Array(row.idx.length);
  for (let j = 0; j < row.idx.length; j++) {
    contribution[j] = (row.val[j] as number) * (c.w[(row.idx[j] as number) * K + k] as number) * c.scale;
  }
  // A few selection passes beat sorting hundreds of terms.
  const picked: Factor[] = [];
  for (let r = 0; r < TOP_FACTORS; r++) {
    let best = -1;
    for (let j = 0; j < contribution.length; j++) {
      const x = contribution[j] as number;
      if (x <= 0) continue;
      if (best < 0 || x > (contribution[best] as number) || (x === contribution[best] && (features[row.idx[j] as number] as string) < (features[row.idx[best] as number] as string))) best = j;
    }
    if (best < 0) break;
    picked.push({ feature: features[row.idx[best] as number] as string, contribution: Math.round((contribution[best] as number) * 1e4) / 1e4 });
    contribution[best] = 0; // taken: not picked again
  }
  return picked;
}

function classify(c: CompiledClassifier, features: string[], row: SparseRow, near: readonly Neighbour[] | undefined): ClassPrediction {
  const p = scaledSoftmax(scores(c, row), c.scale);
  // Factors stay the linear model's: they explain the text, the neighbours only shift the odds.
  if (near && c.neighbours.weight > 0) blendInto(p, votes(near, c.neighbourLabels, c.classes, c.neighbours), c.neighbours.weight);
  const order = c.labels.map((_, k) => k).sort((a, b) => (p[b] as number) - (p[a] as number) || a - b);
  const best = order[0] as number;
  return {
    label: c.labels[best] as string,
    probability: p[best] as number,
    alternatives: order.slice(1).map((k) => ({ label: c.labels[k] as string, probability: p[k] as number })),
    // Contributions are on the same (scaled) log-odds scale as the probabilities.
    topFactors: factorsFor(c, features, row, best),
  };
}

/**
 * Queue (and priority, when the model has one) of a ticket, with probabilities, the other
 * labels most likely first, and the terms that pushed toward the chosen label
 * ("word:rechnung" +0.83). Empty or unknown-language text falls back to the labels' priors.
 */
export function predictRouting(model: RoutingModelFile, ticket: Ticket, customer?: Customer): RoutingPrediction {
  const m = compile(model);
  const terms = ticketTerms(ticket, customer, m.terms, false);
  const row = vectorize(terms, m.index, charCounts(m, terms));
  const nb = m.neighbours;
  const near = nb ? nearest(nb.index, restrictRow(row, (f) => nb.isWord[f] === 1), nb.k, nb.acc) : undefined;
  return {
    queue: classify(m.queue, m.features, row, near),
    priority: m.priority ? classify(m.priority, m.features, row, near) : undefined,
  };
}
