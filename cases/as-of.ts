import type { ActivityRow, CaseOf, EventRow, LeadCase, RenewalCase, TicketRow, UsageRow } from "./schema.ts";

/**
 * Point-in-time views. A case's `asOf` is decision time: anything dated after it is
 * invisible to the agent. Applied by the sandbox port before any tool sees a snapshot,
 * so no node or model can leak the future. `outcome` is always removed.
 */
export function instant(iso: string): number {
  // A bare date means the whole day: anything on or before the end of that day counts.
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? Date.parse(`${iso}T23:59:59.999Z`) : Date.parse(iso);
}

const notAfter = (limit: number) => (iso: string | undefined) => iso === undefined || instant(iso) <= limit;

/** A ticket as it looked at `asOf`: one closed later is still open then. */
function ticketAt(t: TicketRow, limit: number): TicketRow {
  if (t.closedAt && instant(t.closedAt) > limit) {
    const { closedAt: _closed, csat: _csat, ...open } = t;
    return open;
  }
  return t;
}

export type RenewalSnapshot = Omit<RenewalCase, "outcome">;
export type LeadSnapshot = Omit<LeadCase, "outcome">;

export function renewalSnapshot(c: RenewalCase): RenewalSnapshot {
  const limit = instant(c.asOf);
  const ok = notAfter(limit);
  const { outcome: _outcome, ...rest } = c;
  return {
    ...rest,
    usage: c.usage.filter((u: UsageRow) => ok(u.date)),
    tickets: c.tickets.filter((t: TicketRow) => ok(t.openedAt)).map((t) => ticketAt(t, limit)),
    events: c.events.filter((e: EventRow) => ok(e.at)),
  };
}

export function leadSnapshot(c: LeadCase): LeadSnapshot {
  const ok = notAfter(instant(c.asOf));
  const { outcome: _outcome, ...rest } = c;
  return { ...rest, activities: c.activities.filter((a: ActivityRow) => ok(a.at)) };
}

/** Any case without its outcome (routing cases carry no dated history). */
export function withoutOutcome<A extends CaseOf<"service-routing">>(c: A): Omit<A, "outcome"> {
  const { outcome: _outcome, ...rest } = c;
  return rest;
}
