import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { depsOf } from "../../shared/deps.ts";
import { proposeLeadActions } from "../logic/actions.ts";
import { leadSettings } from "../policy.ts";
import type { LeadTriageStateValues } from "../state.ts";

/** Merge/link, assign or escalate, the drafted email and a call for the best leads, consent permitting. */
export function proposeActionsNode(state: LeadTriageStateValues, config: LangGraphRunnableConfig) {
  const lead = state.context?.lead;
  const settings = leadSettings(depsOf(config).policy);
  const ft = state.details.firstTouch;
  const draft = ft && typeof ft === "object" && "subject" in ft && "body" in ft ? (ft as { subject: string; body: string }) : undefined;
  return {
    proposedActions: proposeLeadActions({
      subject: state.subject,
      leadName: lead?.name ?? lead?.company ?? `lead ${state.subject.id}`,
      duplicates: state.duplicates,
      account: state.account,
      grade: state.grade?.grade ?? null,
      assignment: state.assignment,
      consent: state.consent ?? { email: false, call: false, emailReason: "consent not read", callReason: "consent not read" },
      firstTouch: draft && { to: lead?.email ?? "", subject: draft.subject, body: draft.body, drafter: state.brief?.drafter ?? "offline" },
      hasPhone: Boolean(state.normalized?.phone),
      callGrades: settings.callGrades,
    }),
  };
}
