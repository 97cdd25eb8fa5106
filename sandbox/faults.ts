import { AppError } from "../core/errors.ts";
import { fnv1a, mulberry32 } from "../core/random.ts";
import type { FaultSpec } from "./types.ts";

/** Seeded fault injection for robustness evals: tool timeouts, tool errors, bad LLM replies. */
export interface FaultInjector {
  /** A per-case injector (deterministic for a given case id and seed). */
  forCase(caseId: string): (site: "tool" | "llm") => void;
}

/** Faults drawn per case from a seed and the case id, so they do not depend on thread scheduling. */
export function faultInjector(spec: FaultSpec): FaultInjector {
  return {
    forCase(caseId) {
      const rand = mulberry32(fnv1a(`${spec.seed}:${caseId}`));
      return (site) => {
        const r = rand();
        if (site === "llm") {
          if (r < spec.malformedModelReplyRate) throw new AppError("LLM_FAILED", "injected fault: malformed model reply");
          return;
        }
        if (r < spec.toolTimeoutRate) throw new AppError("TOOL_TIMEOUT", "injected fault: tool timed out");
        if (r < spec.toolTimeoutRate + spec.toolErrorRate) throw new AppError("TOOL_FAILED", "injected fault: tool error");
      };
    },
  };
}
