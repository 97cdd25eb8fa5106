import { AppError } from "../core/errors.ts";
import { compileBinary, explainCompiled, factorLabel, type BinaryParams, type CompiledBinary, type Explanation } from "./tabular/model.ts";
import type { BinaryModelFile, BinaryScore, Factor, FeatureRow } from "./types.ts";
import { applyPlatt } from "./tabular/calibrate.ts";

/**
 * Scoring a binary model: calibrated probability, raw margin, and the top signed
 * contributions. Lookups are compiled once per model object and cached, so a replay
 * scores thousands of cases per second.
 */

const compiled = new WeakMap<BinaryModelFile, CompiledBinary>();

function compiledOf(model: BinaryModelFile): CompiledBinary {
  let c = compiled.get(model);
  if (!c) {
    if (model.kind !== "binary") throw new AppError("MODEL_MISMATCH", `Model ${model.id} is not a binary model.`);
    c = compileBinary(model.params as BinaryParams);
    compiled.set(model, c);
  }
  return c;
}

export interface FullExplanation extends Explanation {
  /** Readable factor per column ("contractTerm = monthly") with its contribution, in column order. */
  factors: Factor[];
  probability: number;
}

/** Every column's contribution: base + Σ contributions = margin (the logit). */
export function explainBinary(model: BinaryModelFile, row: FeatureRow): FullExplanation {
  const c = compiledOf(model);
  const e = explainCompiled(c, row);
  const factors = c.params.columns.map((col, j) => ({ feature: factorLabel(col, row), contribution: e.contributions[j]! }));
  return { ...e, factors, probability: applyPlatt(c.params.calibration, e.margin) };
}

/** Calibrated probability, logit and the `topK` largest |contribution| factors. */
export function scoreBinary(model: BinaryModelFile, row: FeatureRow, topK = 5): BinaryScore {
  const c = compiledOf(model);
  const e = explainCompiled(c, row);
  // Partial selection: keep the topK indices by |contribution| without sorting all columns.
  const top: number[] = [];
  const contrib = e.contributions;
  for (let j = 0; j < contrib.length; j++) {
    const a = Math.abs(contrib[j]!);
    if (a < 1e-12) continue;
    if (top.length < topK) top.push(j);
    else if (a > Math.abs(contrib[top[top.length - 1]!]!)) top[top.length - 1] = j;
    else continue;
    top.sort((x, y) => Math.abs(contrib[y]!) - Math.abs(contrib[x]!) || x - y);
  }
  const columns = c.params.columns;
  return {
    probability: applyPlatt(c.params.calibration, e.margin),
    logit: e.margin,
    topFactors: top.map((j) => ({ feature: factorLabel(columns[j]!, row), contribution: contrib[j]! })),
  };
}
