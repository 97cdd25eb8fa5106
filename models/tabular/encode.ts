import type { FeatureRow } from "../types.ts";
import { prng, shuffle } from "./prng.ts";
import { categoryKey, categoryValue, MAX_CATEGORIES, minCategoryCount, type Column, type TargetEncoding } from "./schema.ts";

/**
 * Out-of-fold target encoding of many-valued categoricals. The schema keeps the frequent
 * levels of a column and pools the long tail in OTHER; when that tail is a real share of
 * the rows (a CRM "owner", "campaign" or "company" field), the column also gets a numeric
 * companion: the outcome rate of its level, shrunk toward the base rate by SMOOTHING
 * pseudo-rows. A training row's own label must not feed its value (the trees would learn
 * the leak), so training rows get rates fitted on the other inner folds of the training
 * rows; held-out and scored rows use the rates of all training rows, stored in the model.
 */

/** Pseudo-rows at the base rate added to every level (as the schema's category ordering). */
export const SMOOTHING = 10;
const INNER_FOLDS = 5;
/** A column is encoded when its pooled tail holds at least this share of its values... */
const MIN_TAIL_SHARE = 0.05;
/** ...spread over at least this many distinct levels. */
const MIN_TAIL_LEVELS = 10;

/** Name of the companion column of categorical `name`. */
export const encodedName = (name: string): string => `${name} (outcome rate)`;

interface Counts {
  n: number;
  pos: number;
}

function levelCounts(rows: readonly FeatureRow[], y: ArrayLike<number>, idx: readonly number[], name: string): Map<string, Counts> {
  const m = new Map<string, Counts>();
  for (const i of idx) {
    const c = categoryValue(rows[i]!, name);
    if (c === null) continue;
    const k = categoryKey(c);
    const s = m.get(k) ?? { n: 0, pos: 0 };
    s.n++;
    s.pos += y[i]!;
    m.set(k, s);
  }
  return m;
}

/** Categorical columns whose pooled tail is large enough to be worth a rate companion. */
export function encodableColumns(columns: readonly Column[], rows: readonly FeatureRow[], y: ArrayLike<number>, idx: readonly number[]): string[] {
  const minCount = minCategoryCount(idx.length);
  const out: string[] = [];
  for (const col of columns) {
    if (col.kind !== "categorical") continue;
    const counts = [...levelCounts(rows, y, idx, col.name).values()].sort((a, b) => b.n - a.n);
    let total = 0;
    let tail = 0;
    let tailLevels = 0;
    counts.forEach((s, rank) => {
      total += s.n;
      if (s.n < minCount || rank >= MAX_CATEGORIES) (tail += s.n), tailLevels++;
    });
    if (tailLevels >= MIN_TAIL_LEVELS && tail >= MIN_TAIL_SHARE * total) out.push(col.name);
  }
  return out;
}

/** Smoothed rate per level, from the rows `idx`. */
export function fitEncoding(rows: readonly FeatureRow[], y: ArrayLike<number>, idx: readonly number[], name: string, prior: number): TargetEncoding {
  const counts = [...levelCounts(rows, y, idx, name).entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    from: name,
    levels: counts.map(([k]) => k),
    rates: counts.map(([, s]) => round((s.pos + SMOOTHING * prior) / (s.n + SMOOTHING))),
    prior: round(prior),
  };
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

export interface Encoded {
  /** `rows` with the out-of-fold rate set on the training rows (other rows untouched). */
  rows: FeatureRow[];
  /** Companion column name → its encoding fitted on all training rows. */
  encodings: Map<string, TargetEncoding>;
}

/**
 * Encode the chosen columns for a fit on training rows `idx`. Deterministic given `seed`
 * (inner fold assignment). With no column to encode, the rows come back as they were.
 */
export function encodeTraining(rows: readonly FeatureRow[], y: ArrayLike<number>, idx: readonly number[], names: readonly string[], seed: number): Encoded {
  const encodings = new Map<string, TargetEncoding>();
  if (names.length === 0) return { rows: [...rows], encodings };
  const prior = idx.reduce((s, i) => s + y[i]!, 0) / Math.max(1, idx.length);
  const inner = new Int32Array(rows.length).fill(-1);
  shuffle([...idx], prng(seed)).forEach((i, k) => (inner[i] = k % INNER_FOLDS));
  const out = [...rows];
  for (const i of idx) out[i] = { ...rows[i]! };
  for (const name of names) {
    const to = encodedName(name);
    encodings.set(to, fitEncoding(rows, y, idx, name, prior));
    for (let f = 0; f < INNER_FOLDS; f++) {
      const others = idx.filter((i) => inner[i] !== f);
      const innerPrior = others.reduce((s, i) => s + y[i]!, 0) / Math.max(1, others.length);
      const e = fitEncoding(rows, y, others, name, innerPrior);
      const rate = new Map(e.levels.map((k, j) => [k, e.rates[j]!]));
      for (const i of idx) {
        if (inner[i] !== f) continue;
        const c = categoryValue(rows[i]!, name);
        out[i]![to] = c === null ? null : (rate.get(categoryKey(c)) ?? e.prior);
      }
    }
  }
  return { rows: out, encodings };
}

/** Attach the stored encodings to the companion columns of an inferred schema. */
export function withEncodings(columns: readonly Column[], encodings: ReadonlyMap<string, TargetEncoding>): Column[] {
  return columns.map((c) => {
    const e = encodings.get(c.name);
    return e && c.kind !== "categorical" ? { ...c, kind: "numeric", encodes: e } : c;
  });
}
