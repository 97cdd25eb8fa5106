import { instant } from "../../cases/as-of.ts";
import type { AccountContext } from "../../crm/types.ts";
import type { Evidence } from "../shared/decision.ts";

const DAY = 86_400_000;

/** Facts a rep reads about an account at `asOf`, computed from its context. */
export interface AccountFacts {
  arr: number | null;
  daysToRenewal: number | null;
  usageLast30: number;
  usagePrev30: number;
  /** Relative change of usage (last 30 days vs the 30 before), null when there is no baseline. */
  usageChange: number | null;
  daysSinceLastUsage: number | null;
  openTickets: number;
  escalatedTickets: number;
  lowCsatTickets: number;
  recentEvents: { type: string; detail?: string | undefined; at: string }[];
}

export function accountFacts(ctx: AccountContext, asOf: string): AccountFacts {
  const now = instant(asOf);
  let last30 = 0;
  let prev30 = 0;
  let latest = -Infinity;
  for (const u of ctx.usage) {
    const t = instant(u.date);
    latest = Math.max(latest, t);
    const age = (now - t) / DAY;
    if (age <= 30) last30 += u.value;
    else if (age <= 60) prev30 += u.value;
  }
  const renewal = ctx.account.renewalDate ? Math.round((instant(ctx.account.renewalDate) - now) / DAY) : null;
  return {
    arr: ctx.account.arr ?? null,
    daysToRenewal: renewal,
    usageLast30: last30,
    usagePrev30: prev30,
    usageChange: prev30 > 0 ? (last30 - prev30) / prev30 : null,
    daysSinceLastUsage: Number.isFinite(latest) ? Math.floor((now - latest) / DAY) : null,
    openTickets: ctx.tickets.filter((t) => !t.closedAt).length,
    escalatedTickets: ctx.tickets.filter((t) => t.escalated).length,
    lowCsatTickets: ctx.tickets.filter((t) => t.csat !== undefined && t.csat <= 2).length,
    recentEvents: ctx.events
      .filter((e) => (now - instant(e.at)) / DAY <= 180)
      .map((e) => ({ type: e.type, detail: e.detail, at: e.at })),
  };
}

const pct = (x: number) => `${x > 0 ? "+" : ""}${Math.round(x * 100)}%`;

/** Context evidence (no weights: these are facts, the model's factors carry the weights). */
export function factEvidence(f: AccountFacts, ctx: AccountContext): Evidence[] {
  const out: Evidence[] = [];
  if (f.daysToRenewal !== null) {
    out.push({ source: "account", text: `renewal in ${f.daysToRenewal} days (${ctx.account.renewalDate})` });
  }
  if (f.arr !== null) out.push({ source: "account", text: `ARR at stake ${Math.round(f.arr).toLocaleString("en-US")}` });
  if (f.usageChange !== null) {
    out.push({ source: "usage", text: `usage ${pct(f.usageChange)} over the last 30 days vs the 30 before (${f.usageLast30} vs ${f.usagePrev30})` });
  } else if (f.daysSinceLastUsage !== null) {
    out.push({ source: "usage", text: `last product usage ${f.daysSinceLastUsage} days ago` });
  }
  const escalated = ctx.tickets.filter((t) => t.escalated).map((t) => t.id);
  if (f.openTickets || escalated.length) {
    out.push({
      source: "tickets",
      text: `${f.openTickets} open ticket(s), ${escalated.length} escalated, ${f.lowCsatTickets} with CSAT ≤ 2`,
      refs: escalated.slice(0, 10),
    });
  }
  for (const e of f.recentEvents.slice(0, 5)) {
    out.push({ source: "events", text: `${e.type}${e.detail ? `: ${e.detail}` : ""} (${e.at.slice(0, 10)})` });
  }
  return out;
}
