import type { HumanAnswer } from "../agents/shared/approval.ts";

/** How the sandbox answers the human veto: a recorded policy, never a person. */
export type SandboxApproval = "approve" | "reject";

/** The sandbox approver's answer; it is recorded on the decision like a person's. */
export function sandboxAnswer(policy: SandboxApproval, asOf: string): HumanAnswer {
  return {
    answer: policy,
    by: "sandbox-approver",
    role: "manager",
    reasonCode: policy === "approve" ? "agree" : "policy",
    reasonText: `sandbox policy: ${policy} every action that needs a human`,
    at: asOf,
  };
}
