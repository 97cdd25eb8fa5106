import type { Customer, Ticket } from "../../cases/schema.ts";
import type { ClassPrediction, Factor, RoutingModelFile, RoutingPrediction } from "../types.ts";
import { scaledSoftmax } from "./calibrate.ts";
import { ticketTerms, type TermOptions } from "./features.ts";
import { parseTextParams, type ClassifierParams } from "./params.ts";
import { margins, type LinearModel } from "./svm.ts";
import { indexVocabulary, vectorize, type SparseRow, type VocabIndex } from "./vectorize.ts";

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
  model: LinearModel;
}

interface CompiledModel {
  terms: TermOptions;
  index: VocabIndex;
  features: string[];
  queue: CompiledClassifier;
  priority?: CompiledClassifier;
}

const compiled = new WeakMap<object, CompiledModel>();

function compileClassifier(c: ClassifierParams): CompiledClassifier {
  return { labels: c.labels, scale: c.scale, model: { classes: c.labels.length, w: Float64Array.from(c.weights), b: Float64Array.from(c.bias) } };
}

/** Validate and index a model's params once; throws MODEL_INVALID for a foreign or damaged file. */
function compile(model: RoutingModelFile): CompiledModel {
  const key = typeof model.params === "object" && model.params !== null ? model.params : model;
  const hit = compiled.get(key);
  if (hit) return hit;
  const p = parseTextParams(model.params);
  const out: CompiledModel = {
    terms: p.terms,
    index: indexVocabulary({ terms: p.features, idf: p.idf }, p.vocab),
    features: p.features,
    queue: compileClassifier(p.queue),
    ...(p.priority ? { priority: compileClassifier(p.priority) } : {}),
  };
  compiled.set(key, out);
  return out;
}

function factorsFor(c: CompiledClassifier, features: string[], row: SparseRow, k: number): Factor[] {
  const K = c.labels.length;
  const all: Factor[] = [];
  for (let j = 0; j < row.idx.length; j++) {
    const f = row.idx[j] as number;
    const contribution = (row.val[j] as number) * (c.model.w[f * K + k] as number) * c.scale;
    if (contribution > 0) all.push({ feature: features[f] as string, contribution });
  }
  all.sort((a, b) => b.contribution - a.contribution || (a.feature < b.feature ? -1 : 1));
  return all.slice(0, TOP_FACTORS).map((x) => ({ feature: x.feature, contribution: Math.round(x.contribution * 1e4) / 1e4 }));
}

function classify(c: CompiledClassifier, features: string[], row: SparseRow): ClassPrediction {
  const p = scaledSoftmax(margins(c.model, row), c.scale);
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
  const row = vectorize(ticketTerms(ticket, customer, m.terms), m.index);
  return {
    queue: classify(m.queue, m.features, row),
    priority: m.priority ? classify(m.priority, m.features, row) : undefined,
  };
}
