import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError } from "../../../core/errors.ts";
import { leadFeatures, scoreBinary } from "../../../models/index.ts";
import type { Factor } from "../../../models/types.ts";
import type { Evidence } from "../../shared/decision.ts";
import { depsOf } from "../../shared/deps.ts";
import type { LeadTriageStateValues } from "../state.ts";

/**
 * Conversion probability from the shared learner, with its top factors. "prioritise" when
 * the probability is at or above the threshold (what the replay report counts), else "nurture".
 */
export function scoreLeadNode(state: LeadTriageStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  const model = deps.model;
  const ctx = state.context;
  if (!ctx) throw new AppError("INTERNAL", "score_lead ran without a lead");
  if (!model) return { decision: "unscored", errors: ["no fitted model: the lead was not scored"] };
  if (model.kind !== "binary") throw new AppError("MODEL_MISMATCH", "lead triage needs a fitted binary model");
  const scored = scoreBinary(model, leadFeatures(ctx, state.asOf), 5);
  const threshold = deps.policy.alertThreshold ?? model.threshold;
  const evidence: Evidence[] = scored.topFactors.map((f: Factor) => ({ source: "model", text: f.feature, weight: f.contribution }));
  return {
    score: scored.probability,
    decision: scored.probability >= threshold ? "prioritise" : "nurture",
    topFactors: scored.topFactors,
    evidence,
    details: { threshold },
  };
}
