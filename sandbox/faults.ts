import { AppError } from "../core/errors.ts";
import type { FaultSpec } from "./types.ts";

/** Seeded fault injection for robustness evals: tool timeouts, tool errors, bad LLM replies. */
export interface FaultInjector {
  /** A per-case injector (deterministic for a given case id and seed). */
  forCase(caseId: string): (site: "tool" | "llm") => void;
}

/** FNV-1a, for a per-case seed that does not depend on thread scheduling. */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function faultInjector(spec: FaultSpec): FaultInjector {
  return {
    forCase(caseId) {
      const rand = prng(hash(`${spec.seed}:${caseId}`));
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
