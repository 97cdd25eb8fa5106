import type { Customer, Ticket } from "../../cases/schema.ts";
import type { ClassPrediction, Factor, RoutingModelFile, RoutingPrediction } from "../types.ts";
import { scaledSoftmax } from "./calibrate.ts";
import { blendInto, buildNeighbourIndex, nearest, restrictRow, votes, type Neighbour, type NeighbourIndex } from "./knn.ts";
import { parseTextParams, type ClassifierParams, type TextRoutingParams } from "./params.ts";
import { rowIndex, ticketRow, type RowIndex } from "./row.ts";
import { indexVocabulary, termBlock, type SparseRow } from "./vectorize.ts";

/**
 * Routing a ticket with a fitted text model. The JSON params are validated and turned
 * into typed arrays once per model object (cached), so each prediction is a tokenisation,
 * a few thousand map lookups and one sparse product per label.
 */

/** How many terms are reported per decision. */
export const TOP_FACTORS = 5;

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
  /** Tokens → feature row, with the model's per-word caches. */
  row: RowIndex;
  features: string[];
  queue: CompiledClassifier;
  priority?: CompiledClassifier;
  neighbours?: CompiledNeighbours;
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
    row: rowIndex(p.terms, index, p.features.length),
    ...(neighbours ? { neighbours } : {}),
    features: p.features,
    queue: compileClassifier(p.queue, p.neighbours?.queue),
    ...(p.priority ? { priority: compileClassifier(p.priority, p.neighbours?.priority) } : {}),
  };
  compiled.set(key, out);
  return out;
}

/** The TOP_FACTORS largest positive contributions toward label k (feature value × weight, on the probability scale). */
function factorsFor(c: CompiledClassifier, features: string[], row: SparseRow, k: number): Factor[] {
  const K = c.labels.length;
  // One pass keeping the best few (largest first, ties by feature name): the same terms as
  // sorting every contribution, without sorting hundreds of them.
  const bestAt: number[] = [];
  const bestX: number[] = [];
  const ahead = (x: number, j: number, r: number) =>
    x > (bestX[r] as number) || (x === bestX[r] && (features[row.idx[j] as number] as string) < (features[row.idx[bestAt[r] as number] as number] as string));
  for (let j = 0; j < row.idx.length; j++) {
    const x = (row.val[j] as number) * (c.w[(row.idx[j] as number) * K + k] as number) * c.scale;
    if (x <= 0) continue;
    if (bestAt.length === TOP_FACTORS && !ahead(x, j, TOP_FACTORS - 1)) continue;
    let at = bestAt.length < TOP_FACTORS ? bestAt.length : TOP_FACTORS - 1;
    while (at > 0 && ahead(x, j, at - 1)) {
      bestAt[at] = bestAt[at - 1] as number;
      bestX[at] = bestX[at - 1] as number;
      at--;
    }
    bestAt[at] = j;
    bestX[at] = x;
  }
  return bestAt.map((j, r) => ({ feature: features[row.idx[j] as number] as string, contribution: Math.round((bestX[r] as number) * 1e4) / 1e4 }));
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
  const row = ticketRow(m.row, ticket, customer);
  const nb = m.neighbours;
  const near = nb ? nearest(nb.index, restrictRow(row, (f) => nb.isWord[f] === 1), nb.k, nb.acc) : undefined;
  return {
    queue: classify(m.queue, m.features, row, near),
    priority: m.priority ? classify(m.priority, m.features, row, near) : undefined,
  };
}
