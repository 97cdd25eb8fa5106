import type { AccountContext } from "../../crm/types.ts";
import type { FeatureRow } from "../types.ts";
import { eventFeatures, ticketFeatures } from "./activity.ts";
import { usageFeatures } from "./usage.ts";
import { asOfInstant, attributeFeatures, category, daysBefore, num, round } from "./values.ts";

/**
 * Renewal-risk features of an account at `asOf`: typed account fields, every attribute
 * column, usage, tickets and events. Rows dated after `asOf` are ignored even if the
 * caller passes them, so a live context and a sandbox snapshot give the same row.
 */
export function renewalFeatures(ctx: AccountContext, asOf: string): FeatureRow {
  const asOfMs = asOfInstant(asOf);
  const a = ctx.account;
  const row: FeatureRow = {
    segment: category(a.segment),
    industry: category(a.industry),
    country: category(a.country),
    plan: category(a.plan),
    arr: num(a.arr),
    seats: num(a.seats),
    arrPerSeat: a.arr !== undefined && a.seats ? round(a.arr / a.seats, 2) : null,
    tenureMonths: num(a.tenureMonths),
    contractTerm: a.contractTerm ?? null,
    autoRenew: a.autoRenew ?? null,
    paymentMethod: category(a.paymentMethod),
  };
  const toRenewal = daysBefore(a.renewalDate, asOfMs);
  row.daysToRenewal = toRenewal === undefined ? null : round(-toRenewal, 1);
  usageFeatures(ctx.usage, asOfMs, row);
  const seats = typeof row.seats === "number" && row.seats > 0 ? row.seats : undefined;
  const last30 = row["usage.last30d"];
  row["usage.last30dPerSeat"] = seats !== undefined && typeof last30 === "number" ? round(last30 / seats) : null;
  ticketFeatures(ctx.tickets, asOfMs, row);
  eventFeatures(ctx.events, asOfMs, row);
  attributeFeatures(a.attributes, asOfMs, row);
  return row;
}
