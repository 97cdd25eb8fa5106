import type { ProposedAction, SubjectRef } from "../../../crm/types.ts";
import type { AccountMatch } from "../../../tools/lead/account-match.ts";
import type { Assignment } from "../../../tools/lead/assign.ts";
import type { Consent } from "./consent.ts";
import type { DuplicateMatch } from "../../../tools/lead/dedupe.ts";
import type { Grade } from "./grade.ts";

/**
 * What lead triage proposes, from what the earlier steps found. Pure, so the rules are
 * tested without a graph: a duplicate is always merged or linked (never dropped); a lead
 * merged into an existing record keeps that record's owner and gets no first touch; consent
 * removes email/call actions here, and the policy gate blocks them if they appear anyway.
 */
export interface ActionInput {
  subject: SubjectRef;
  leadName: string;
  duplicates: DuplicateMatch[];
  /** The account the lead's company belongs to, when no person matched. */
  account?: AccountMatch | null | undefined;
  grade: Grade | null;
  assignment: Assignment | null;
  consent: Consent;
  /** The drafted first-touch email, when one was drafted. */
  firstTouch?: { to: string; subject: string; body: string; drafter: string } | undefined;
  /** Whether the lead has a phone number to call. */
  hasPhone: boolean;
  /** Grades that get a call (the best leads). */
  callGrades: Grade[];
}

/** True when the best duplicate is an exact match to merge into: the new lead is not a new relationship. */
export function mergesIntoExisting(duplicates: DuplicateMatch[]): boolean {
  return duplicates[0]?.resolution === "merge";
}

/** The actions for one lead, in the order a rep would take them: record hygiene, owner, outreach. */
export function proposeLeadActions(p: ActionInput): ProposedAction[] {
  const out: ProposedAction[] = [];
  const best = p.duplicates[0];
  if (best) {
    const kind = best.resolution === "merge" ? "merge_record" : "link_record";
    out.push({
      id: `${kind}:1`,
      kind,
      target: p.subject,
      params: { intoType: best.record.type, intoId: best.record.id, matchType: best.matchType, score: best.score, why: best.why },
      summary: `${best.resolution === "merge" ? "Merge" : "Link"} ${p.leadName} ${best.resolution === "merge" ? "into" : "to"} existing ${best.record.type} ${best.record.id}: ${best.why}`,
    });
    if (best.resolution === "merge") return out;
  } else if (p.account) {
    out.push({
      id: "link_record:1",
      kind: "link_record",
      target: p.subject,
      params: { intoType: "account", intoId: p.account.accountId, matchType: "company_account", score: p.account.score, why: p.account.why },
      summary: `Link ${p.leadName} to existing account ${p.account.accountId}: ${p.account.why}`,
    });
  }
  const a = p.assignment;
  if (a?.status === "assigned") {
    out.push({
      id: "assign_owner:1",
      kind: "assign_owner",
      target: p.subject,
      params: { ownerId: a.repId, ownerName: a.repName, why: a.why, roundRobinPool: a.poolKey },
      summary: `Assign ${p.leadName} to ${a.repName}`,
    });
  } else if (a?.status === "unassigned") {
    out.push({
      id: "escalate:1",
      kind: "escalate",
      target: p.subject,
      params: { to: "sales-manager", reason: a.why },
      summary: `Escalate ${p.leadName} to a sales manager — ${a.why}`,
    });
  }
  if (p.firstTouch && p.consent.email) {
    out.push({
      id: "draft_email:1",
      kind: "draft_email",
      target: p.subject,
      params: { to: p.firstTouch.to, subject: p.firstTouch.subject, body: p.firstTouch.body, drafter: p.firstTouch.drafter, send: false },
      summary: `Draft first-touch email to ${p.leadName} (not sent)${p.firstTouch.to ? "" : ": no email address on record"}`,
    });
  }
  if (p.grade && p.callGrades.includes(p.grade) && p.consent.call) {
    out.push({
      id: "call:1",
      kind: "call",
      target: p.subject,
      params: { withinHours: 24, owner: a?.status === "assigned" ? a.repId : null },
      summary: `Call ${p.leadName} within 24 hours (grade ${p.grade})${p.hasPhone ? "" : ": no phone on record"}`,
    });
  }
  return out;
}
