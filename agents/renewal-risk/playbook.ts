import type { ProposedAction, SubjectRef } from "../../crm/types.ts";
import type { Factor } from "../../models/types.ts";
import type { AccountFacts } from "./evidence.ts";
import type { RenewalSettings } from "./policy.ts";

export type RiskLevel = "high" | "medium" | "low";

/** Risk level from the calibrated probability and the alert threshold. */
export function riskLevel(score: number, threshold: number, s: RenewalSettings): RiskLevel {
  const high = s.highRiskAbove ?? threshold + (1 - threshold) / 2;
  if (score >= high) return "high";
  return score >= threshold ? "medium" : "low";
}

export interface PlaybookInput {
  subject: SubjectRef;
  accountName: string;
  level: RiskLevel;
  facts: AccountFacts;
  factors: Factor[];
  settings: RenewalSettings;
  /** ISO date the decision is made, for due dates. */
  asOf: string;
}

const addDays = (iso: string, days: number) => new Date(Date.parse(iso.slice(0, 10)) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Actions by risk level, ARR and days to renewal. Every alert gets a CSM task; high risk or
 * a near renewal adds a QBR; strategic accounts get exec sponsor outreach; high risk with
 * an urgent renewal adds a save offer (always a manager's call).
 */
export function renewalPlaybook(p: PlaybookInput): ProposedAction[] {
  if (p.level === "low") return [];
  const { facts: f, settings: s } = p;
  const urgent = f.daysToRenewal !== null && f.daysToRenewal >= 0 && f.daysToRenewal <= s.urgentDays;
  const strategic = f.arr !== null && f.arr >= s.strategicArr;
  const why = p.factors.slice(0, 3).map((x) => x.feature).join(", ");
  const actions: ProposedAction[] = [
    {
      id: "create_task:1",
      kind: "create_task",
      target: p.subject,
      params: {
        title: `Churn risk review: ${p.accountName}`,
        description: `Risk ${p.level}. Drivers: ${why || "see brief"}.`,
        dueDate: addDays(p.asOf, urgent ? Math.min(2, s.taskDueDays) : s.taskDueDays),
        owner: "csm",
      },
      summary: `CSM task: review churn risk of ${p.accountName}`,
    },
  ];
  if (p.level === "high" || urgent) {
    actions.push({
      id: "schedule_meeting:1",
      kind: "schedule_meeting",
      target: p.subject,
      params: { title: `Executive QBR with ${p.accountName}`, withinDays: urgent ? 7 : 21 },
      summary: `Book an executive QBR${urgent ? " this week" : ""}`,
    });
  }
  if (strategic && p.level === "high") {
    actions.push({
      id: "draft_email:1",
      kind: "draft_email",
      target: p.subject,
      params: {
        to: "executive-sponsor",
        subject: `${p.accountName}: let's review your goals before renewal`,
        body: `Hi — ahead of your renewal${f.daysToRenewal !== null ? ` in ${f.daysToRenewal} days` : ""}, I'd like to review how the platform supports your goals and what we can improve. Would a 30-minute call next week work?`,
        strategic: true,
      },
      summary: "Draft exec sponsor outreach (not sent)",
    });
  }
  if (p.level === "high" && urgent) {
    actions.push({
      id: "offer_discount:1",
      kind: "offer_discount",
      target: p.subject,
      params: { discountPct: s.saveOfferPct, reason: "save offer for at-risk renewal" },
      summary: `Save offer: ${s.saveOfferPct}% off the renewal`,
    });
  }
  return actions;
}
