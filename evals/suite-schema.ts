import { z } from "zod";
import { AgentName } from "../cases/schema.ts";

/**
 * The suite file an analyst writes (JSON): which cases, agent, model (and current model to
 * beat), segments, metrics, gates, autonomy and fault injection. Documented in evals/README.md.
 */

/** "baseline", "baseline-0.005", "baseline + 0.01": the same metric of the baseline run, shifted. */
const BASELINE_REF = /^baseline\s*(?:([+-])\s*(\d+(?:\.\d+)?))?$/;

export const GateSpec = z.object({
  /** A name from the entry's metrics (see README: auc, falsePositiveRate, compare.aucDiff …). */
  metric: z.string().min(1),
  op: z.enum([">=", "<=", ">", "<", "=="]),
  value: z.union([z.number(), z.string().regex(BASELINE_REF, 'expected a number or "baseline", "baseline-0.005", "baseline+0.01"')]),
});
export type GateSpec = z.infer<typeof GateSpec>;

/** Parse a gate value: a number, or an offset from the baseline's value of the same metric. */
export function parseGateValue(value: GateSpec["value"]): { kind: "number"; value: number } | { kind: "baseline"; offset: number } {
  if (typeof value === "number") return { kind: "number", value };
  const m = BASELINE_REF.exec(value.trim());
  if (!m) throw new Error(`bad gate value ${value}`); // unreachable after schema validation
  const offset = m[2] ? Number(m[2]) * (m[1] === "-" ? -1 : 1) : 0;
  return { kind: "baseline", offset };
}

const rate = z.number().min(0).max(1);

export const AutonomySpec = z
  .object({
    targetFpr: z.number().gt(0).lt(1).optional(),
    targetPrecision: z.number().gt(0).max(1).optional(),
    /** Smallest segment tuned on its own; smaller ones use the overall threshold. */
    minSupport: z.number().int().positive().default(100),
    /** Segment fields tuned separately (default: the entry's `segments`). */
    segments: z.array(z.string().min(1)).optional(),
    /** PolicyConfig JSON file to update (relative to the suite file). */
    writePolicy: z.string().min(1),
  })
  .refine((a) => (a.targetFpr === undefined) !== (a.targetPrecision === undefined), "give exactly one of targetFpr or targetPrecision");

export const FaultsSpec = z.object({
  toolTimeoutRate: rate.default(0),
  toolErrorRate: rate.default(0),
  malformedModelReplyRate: rate.default(0),
  seed: z.number().int().default(1),
});

export const SuiteEntry = z.object({
  /** Shown in the summary and the report; default `<agent>:<cases>`. */
  name: z.string().min(1).optional(),
  agent: AgentName,
  /** A JSONL case file (relative to the suite file), or "overrides" for the eval_cases dataset. */
  cases: z.string().min(1),
  /** Model file to evaluate. */
  model: z.string().min(1),
  /** Current model to compare with (and to resolve "baseline…" gate values). */
  baseline: z.string().min(1).optional(),
  /** Case fields or attribute names to break metrics down by. */
  segments: z.array(z.string().min(1)).default([]),
  /** Metrics printed in the summary table (default: all). */
  metrics: z.array(z.string().min(1)).optional(),
  gates: z.array(GateSpec).default([]),
  autonomy: AutonomySpec.optional(),
  /** Replay a second time with these faults injected and report the degradation. */
  faults: FaultsSpec.optional(),
  compare: z
    .object({
      resamples: z.number().int().min(100).default(1000),
      seed: z.number().int().default(42),
      aucTolerance: z.number().min(0).default(0.005),
      accuracyTolerance: z.number().min(0).default(0.005),
      alpha: z.number().gt(0).lt(1).default(0.05),
    })
    .default({ resamples: 1000, seed: 42, aucTolerance: 0.005, accuracyTolerance: 0.005, alpha: 0.05 }),
  segmentOptions: z
    .object({ minSupport: z.number().int().positive().optional(), gapThreshold: z.number().positive().optional(), disparityRatio: z.number().gt(1).optional() })
    .default({}),
});
export type SuiteEntry = z.infer<typeof SuiteEntry>;

export const Suite = z.object({
  name: z.string().min(1).optional(),
  entries: z.array(SuiteEntry).min(1),
});
export type Suite = z.infer<typeof Suite>;
