/**
 * Letter grade from the learner's calibrated conversion probability. Cut-offs live in the
 * agent policy's settings so sales ops can move them without a release; A is the best.
 */
export type Grade = "A" | "B" | "C" | "D";

/** Lowest probability for each grade above D. Must be strictly decreasing A > B > C. */
export interface GradeCutoffs {
  A: number;
  B: number;
  C: number;
}

export const DEFAULT_GRADE_CUTOFFS: GradeCutoffs = { A: 0.7, B: 0.45, C: 0.2 };

export interface GradeResult {
  grade: Grade;
  /** "p=0.62 ≥ B cut-off 0.45". */
  why: string;
}

/** Grade a probability; a missing or non-finite probability grades D with the reason said. */
export function gradeLead(probability: number | null | undefined, cut: GradeCutoffs = DEFAULT_GRADE_CUTOFFS): GradeResult {
  if (probability === null || probability === undefined || !Number.isFinite(probability)) {
    return { grade: "D", why: "no score available" };
  }
  const p = probability.toFixed(2);
  if (probability >= cut.A) return { grade: "A", why: `p=${p} ≥ A cut-off ${cut.A}` };
  if (probability >= cut.B) return { grade: "B", why: `p=${p} ≥ B cut-off ${cut.B}` };
  if (probability >= cut.C) return { grade: "C", why: `p=${p} ≥ C cut-off ${cut.C}` };
  return { grade: "D", why: `p=${p} < C cut-off ${cut.C}` };
}
