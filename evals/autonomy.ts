import { readFile, rename, writeFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { PolicyConfig } from "../agents/shared/policy-config.ts";
import type { AgentName } from "../cases/schema.ts";
import { AppError } from "../core/errors.ts";
import type { ReplayDecision } from "../sandbox/types.ts";
import { sweep, type Scored } from "./curves.ts";
import { autonomyPairs } from "./decisions.ts";
import type { SegmentOf } from "./segment-values.ts";

/**
 * Calibrated autonomy: the score at or above which an agent may act without a human,
 * chosen on a replay for a target false-positive rate or precision, overall and per segment,
 * and written to the policy gate's configuration. "Positive" is the churn/conversion outcome
 * for binary agents and "the predicted queue was right" for routing.
 */

export type AutonomyTarget = { targetFpr: number } | { targetPrecision: number };

export interface ChosenThreshold {
  /** null: no threshold meets the target (the agent always asks). */
  threshold: number | null;
  support: number;
  /** Measured at the chosen threshold on the replay. */
  fpr: number;
  precision: number;
  recall: number;
  /** Share of cases that would be auto-executed. */
  autoRate: number;
}

/**
 * For a target FPR: the LOWEST threshold whose FPR is within target (FPR only falls as the
 * threshold rises, so this keeps the most recall). For a target precision: walking down
 * from the highest score, the last threshold before precision first drops below target, so
 * one lucky low score band cannot open the gate; the first PRECISION_WARMUP auto-executed
 * cases may dip (one wrong top case would otherwise close the gate for good).
 */
export const PRECISION_WARMUP = 10;

export function chooseThreshold(pairs: readonly Scored[], target: AutonomyTarget): ChosenThreshold {
  const pts = sweep(pairs); // highest threshold first
  const none: ChosenThreshold = { threshold: null, support: pairs.length, fpr: 0, precision: Number.NaN, recall: 0, autoRate: 0 };
  let best: (typeof pts)[number] | undefined;
  if ("targetFpr" in target) {
    for (const p of pts) {
      if (!(p.fpr <= target.targetFpr)) break;
      best = p;
    }
  } else {
    for (const p of pts) {
      if (p.precision >= target.targetPrecision) best = p;
      else if (p.tp + p.fp >= PRECISION_WARMUP) break;
    }
  }
  if (!best) return none;
  return { threshold: best.threshold, support: pairs.length, fpr: best.fpr, precision: best.precision, recall: best.recall, autoRate: best.triggerRate };
}

export interface SegmentThreshold extends ChosenThreshold {
  /** The group's own threshold was not trusted (too few cases, or no negatives/positives). */
  fellBack: boolean;
  reason?: string;
}

export interface AutonomyResult {
  agent: AgentName;
  target: AutonomyTarget;
  minSupport: number;
  overall: ChosenThreshold;
  /** Key `field=value` (as in PolicyConfig.segments). */
  segments: Record<string, SegmentThreshold>;
}

export function calibrateAutonomy(
  agent: AgentName,
  decisions: readonly ReplayDecision[],
  target: AutonomyTarget,
  opts: { segments?: Record<string, SegmentOf>; minSupport?: number } = {},
): AutonomyResult {
  const minSupport = opts.minSupport ?? 100;
  const overall = chooseThreshold(autonomyPairs(agent, decisions), target);
  const segments: Record<string, SegmentThreshold> = {};
  for (const [field, segmentOf] of Object.entries(opts.segments ?? {})) {
    const groups = new Map<string, ReplayDecision[]>();
    for (const d of decisions) {
      const v = segmentOf(d.id);
      groups.set(v, [...(groups.get(v) ?? []), d]);
    }
    for (const [value, ds] of groups) {
      const pairs = autonomyPairs(agent, ds);
      const pos = pairs.filter((p) => p.label === 1).length;
      const key = `${field}=${value}`;
      const reason =
        pairs.length < minSupport ? `${pairs.length} cases < minimum support ${minSupport}` : pos === 0 || pos === pairs.length ? "only one outcome class in this group" : undefined;
      if (reason) {
        segments[key] = { ...overall, support: pairs.length, fellBack: true, reason };
        continue;
      }
      segments[key] = { ...chooseThreshold(pairs, target), fellBack: false };
    }
  }
  return { agent, target, minSupport, overall, segments };
}

/**
 * Write the thresholds into a PolicyConfig JSON file: this agent's `autoExecuteAbove` and
 * the tuned segment keys; every other setting, agent and segment is kept as it was.
 * Written to a temporary file then renamed, so a reader never sees half a file.
 */
export async function writeAutonomyPolicy(file: string, result: AutonomyResult): Promise<PolicyConfig> {
  let raw: unknown = {};
  const text = await readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return undefined;
    throw err;
  });
  if (text !== undefined) {
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new AppError("INPUT_INVALID", `policy file ${file} is not valid JSON: ${(err as Error).message}`);
    }
  }
  const parsed = PolicyConfig.safeParse(raw);
  if (!parsed.success) throw new AppError("INPUT_INVALID", `policy file ${file} is not a valid policy configuration`, { issues: parsed.error.issues });
  const config = parsed.data;
  const current = config.agents[result.agent] ?? { autoExecuteAbove: null, segments: {}, alwaysAsk: [], settings: {} };
  const segments = { ...current.segments };
  for (const [key, s] of Object.entries(result.segments)) segments[key] = { autoExecuteAbove: s.threshold };
  config.agents[result.agent] = { ...current, autoExecuteAbove: result.overall.threshold, segments };
  const checked = PolicyConfig.parse(config);
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(checked, null, 2)}\n`);
  await rename(tmp, file);
  return checked;
}
