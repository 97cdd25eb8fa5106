import { z } from "zod";
import type { ProposedAction } from "../../crm/types.ts";
import type { Factor } from "../../models/types.ts";
import type { Brief, Evidence, GateOutcome } from "./decision.ts";
import { REASON_CODES } from "./runtime-types.ts";

/** What the human-veto node shows a person (the `interrupt()` payload). */
export interface ApprovalRequest {
  kind: "approval";
  runId: string;
  requiredRole: "rep" | "manager";
  /** Why a human is needed (the gate's reasons, joined). */
  reason: string;
  decision: string;
  score: number | null;
  brief: Brief | null;
  topFactors: Factor[];
  evidence: Evidence[];
  proposedActions: ProposedAction[];
  gate: GateOutcome[];
}

const ParamValue = z.union([z.string().max(20_000), z.number(), z.boolean(), z.null()]);

/**
 * A person's answer, as it resumes the graph (`Command({ resume })`). Validated because it
 * crosses a trust boundary: it may come from the API.
 */
export const HumanAnswer = z.object({
  answer: z.enum(["approve", "reject", "edit", "override"]),
  by: z.string().min(1).max(200),
  role: z.string().min(1).max(50),
  reasonCode: z.enum(REASON_CODES),
  reasonText: z.string().max(4000).optional(),
  at: z.string(),
  edits: z.record(z.string(), z.record(z.string(), ParamValue)).optional(),
  override: z.object({ decision: z.string().min(1).max(200), score: z.number().min(0).max(1).optional() }).optional(),
});
export type HumanAnswer = z.infer<typeof HumanAnswer>;

const RANK: Record<string, number> = { rep: 1, manager: 2, admin: 3 };

/** Whether `role` may answer an approval that requires `required`. Analysts never may. */
export function mayDecide(role: string, required: "rep" | "manager"): boolean {
  return (RANK[role] ?? 0) >= (RANK[required] ?? 99);
}
