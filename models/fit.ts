import type { AgentName, Case, LeadCase, RenewalCase, RoutingCase } from "../cases/schema.ts";
import { AppError } from "../core/errors.ts";
import { fitBinaryModel } from "./tabular/fit-binary.ts";
import { fitRoutingModel } from "./text/index.ts";
import type { ModelFile } from "./types.ts";

/**
 * One entry point to fit any agent's decision model from its cases (cases for other
 * agents and cases without an outcome are ignored). Binary agents get the tabular
 * learner (boosted trees + regularised logistic, cross-validated and calibrated);
 * service routing gets the text classifier of models/text.
 */
export interface FitOptions {
  /** Fixes every random choice: same cases + same seed → identical model file and id. */
  seed?: number;
  /** Cross-validation folds for binary agents (default 5). */
  folds?: number;
  onProgress?: (done: number, total: number) => void;
}

export function fitModel(agent: AgentName, cases: readonly Case[], opts: FitOptions = {}): ModelFile {
  switch (agent) {
    case "renewal-risk":
    case "lead-triage":
      return fitBinaryModel(agent, cases.filter((c): c is RenewalCase | LeadCase => c.agent === agent), opts);
    case "service-routing": {
      const routing = cases.filter((c): c is RoutingCase => c.agent === agent && c.outcome !== undefined);
      if (routing.length === 0) throw new AppError("INPUT_INVALID", "No service-routing cases with an outcome to fit on.", { agent });
      return fitRoutingModel(routing, { ...(opts.seed !== undefined ? { seed: opts.seed } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    }
  }
}
