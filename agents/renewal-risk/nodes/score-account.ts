import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { AppError } from "../../../core/errors.ts";
import { renewalFeatures, scoreBinary } from "../../../models/index.ts";
import type { Evidence } from "../../shared/decision.ts";
import { depsOf } from "../../shared/deps.ts";
import { accountFacts, factEvidence } from "../evidence.ts";
import { riskLevel } from "../playbook.ts";
import { renewalSettings } from "../policy.ts";
import type { RenewalStateValues } from "../state.ts";

/** Score churn with the fitted model; explain with its top factors and the account's facts. */
export function scoreAccountNode(state: RenewalStateValues, config: LangGraphRunnableConfig) {
  const deps = depsOf(config);
  const model = deps.model;
  if (!model || model.kind !== "binary") throw new AppError("MODEL_MISMATCH", "renewal risk needs a fitted binary model");
  const ctx = state.context;
  if (!ctx) throw new AppError("INTERNAL", "score_account ran without a context");
  const scored = scoreBinary(model, renewalFeatures(ctx, state.asOf), 5);
  const threshold = deps.policy.alertThreshold ?? model.threshold;
  const facts = accountFacts(ctx, state.asOf);
  const level = riskLevel(scored.probability, threshold, renewalSettings(deps.policy));
  const factorEvidence: Evidence[] = scored.topFactors.map((f) => ({ source: "model", text: f.feature, weight: f.contribution }));
  return {
    score: scored.probability,
    decision: scored.probability >= threshold ? "alert" : "no_alert",
    topFactors: scored.topFactors,
    evidence: [...factorEvidence, ...factEvidence(facts, ctx)],
    details: { riskLevel: level, threshold, facts },
  };
}

/** Only at-risk accounts get a brief and actions; the rest are recorded straight away. */
export function noAlert(state: RenewalStateValues): boolean {
  return state.decision !== "alert";
}
