import { z } from "zod";

/**
 * The case-file format of ../shared/spec/cases.md, as zod schemas. A public interface:
 * extend only additively. Unknown keys are stripped (the spec says they are ignored).
 */

// The hour may have one digit ("2024-01-04 8:00"): common in CRM exports (RavenStack tickets).
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** ISO date or date-time that parses to a real instant. */
export const IsoDate = z
  .string()
  .regex(ISO_DATE, "expected an ISO date or date-time")
  .refine((s) => !Number.isNaN(Date.parse(s)), "not a valid date");

export const AttributeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const Attributes = z.record(z.string(), AttributeValue);
export type Attributes = z.infer<typeof Attributes>;

export const AgentName = z.enum(["renewal-risk", "lead-triage", "service-routing"]);
export type AgentName = z.infer<typeof AgentName>;
export const AGENT_NAMES = AgentName.options;

/** Agents whose outcome is a yes/no label (churned, converted), scored as probabilities; routing predicts a queue. */
export function isBinaryAgent(agent: AgentName): boolean {
  return agent !== "service-routing";
}

/** Optional field; an explicit null (common in CRM exports) reads as absent. */
const opt = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === null ? undefined : v), t.optional());

export const UsageRow = z.object({ date: IsoDate, metric: z.string().min(1), value: z.number() });
export const TicketRow = z.object({
  id: z.string().min(1),
  openedAt: IsoDate,
  closedAt: opt(IsoDate),
  priority: opt(z.string()),
  subject: opt(z.string()),
  body: opt(z.string()),
  csat: opt(z.number()),
  escalated: opt(z.boolean()),
});
export const EventRow = z.object({ at: IsoDate, type: z.string().min(1), detail: opt(z.string()) });

export const Account = z.object({
  id: z.string().min(1),
  name: opt(z.string()),
  segment: opt(z.string()),
  industry: opt(z.string()),
  country: opt(z.string()),
  plan: opt(z.string()),
  arr: opt(z.number()),
  seats: opt(z.number()),
  tenureMonths: opt(z.number()),
  contractTerm: opt(z.enum(["monthly", "annual", "multi-year"])),
  renewalDate: opt(IsoDate),
  autoRenew: opt(z.boolean()),
  paymentMethod: opt(z.string()),
  attributes: opt(Attributes),
});

const common = { id: z.string().min(1), asOf: IsoDate };

export const RenewalOutcome = z.object({ churned: z.boolean(), at: opt(IsoDate) });
export const RenewalCase = z.object({
  ...common,
  agent: z.literal("renewal-risk"),
  account: Account,
  usage: z.array(UsageRow).default([]),
  tickets: z.array(TicketRow).default([]),
  events: z.array(EventRow).default([]),
  outcome: opt(RenewalOutcome),
});

export const Lead = z.object({
  id: z.string().min(1),
  name: opt(z.string()),
  email: opt(z.string()),
  phone: opt(z.string()),
  company: opt(z.string()),
  title: opt(z.string()),
  source: opt(z.string()),
  country: opt(z.string()),
  city: opt(z.string()),
  createdAt: opt(IsoDate),
  attributes: opt(Attributes),
});
export const ActivityRow = z.object({
  at: IsoDate,
  type: z.string().min(1),
  value: opt(z.number()),
  detail: opt(z.string()),
});
export const LeadOutcome = z.object({ converted: z.boolean() });
export const LeadCase = z.object({
  ...common,
  agent: z.literal("lead-triage"),
  lead: Lead,
  activities: z.array(ActivityRow).default([]),
  outcome: opt(LeadOutcome),
});

export const Ticket = z.object({
  id: z.string().min(1),
  subject: opt(z.string()),
  body: opt(z.string()),
  channel: opt(z.string()),
  language: opt(z.string()),
  attributes: opt(Attributes),
});
export const Customer = z.object({
  id: opt(z.string()),
  tier: opt(z.string()),
  arr: opt(z.number()),
  attributes: opt(Attributes),
});
export const RoutingOutcome = z.object({
  queue: z.string().min(1),
  priority: opt(z.string()),
  assignee: opt(z.string()),
});
export const RoutingCase = z.object({
  ...common,
  agent: z.literal("service-routing"),
  ticket: Ticket,
  customer: opt(Customer),
  outcome: opt(RoutingOutcome),
});

export const Case = z.discriminatedUnion("agent", [RenewalCase, LeadCase, RoutingCase]);

export type UsageRow = z.infer<typeof UsageRow>;
export type TicketRow = z.infer<typeof TicketRow>;
export type EventRow = z.infer<typeof EventRow>;
export type ActivityRow = z.infer<typeof ActivityRow>;
export type Account = z.infer<typeof Account>;
export type Lead = z.infer<typeof Lead>;
export type Ticket = z.infer<typeof Ticket>;
export type Customer = z.infer<typeof Customer>;
export type RenewalCase = z.infer<typeof RenewalCase>;
export type LeadCase = z.infer<typeof LeadCase>;
export type RoutingCase = z.infer<typeof RoutingCase>;
export type Case = z.infer<typeof Case>;
export type RenewalOutcome = z.infer<typeof RenewalOutcome>;
export type LeadOutcome = z.infer<typeof LeadOutcome>;
export type RoutingOutcome = z.infer<typeof RoutingOutcome>;

/** Case type by agent name. */
export type CaseOf<A extends AgentName> = Extract<Case, { agent: A }>;
