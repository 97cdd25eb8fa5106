import type { CountryCode } from "libphonenumber-js";
import type { Attributes } from "../../cases/schema.ts";
import { fnv1a } from "../../core/random.ts";
import type { Rep, RoundRobinCursor } from "../../crm/types.ts";
import { toCountryCode } from "./country.ts";

/**
 * Lead assignment by configurable rules: territory (country or region), skills (product,
 * language), then capacity, then round-robin among whoever is left. Deterministic: the same
 * reps, lead and cursor always give the same owner, so replays are reproducible.
 */
export interface AssignmentSettings {
  /** Which reps take leads. */
  role: Rep["role"];
  /** Region → member countries (codes or names); a rep's territory may name a region or a country. */
  regions: Record<string, string[]>;
  /** Lead attributes whose values also count as territory (e.g. "regionalOffice" = "West"). */
  territoryFields: string[];
  /** Lead attribute naming the product of interest; when present a rep needs it among their skills (no skills = generalist). */
  productField?: string | undefined;
  /** Lead attribute with the lead's language; when present a rep must speak it. */
  languageField?: string | undefined;
}

export const DEFAULT_ASSIGNMENT: AssignmentSettings = {
  role: "sales",
  regions: {},
  territoryFields: [],
  productField: "product",
  languageField: "language",
};

export type { RoundRobinCursor };

export type Assignment =
  | { status: "assigned"; repId: string; repName: string; why: string; poolKey: string; eligible: string[] }
  | { status: "unassigned"; why: string };

export interface LeadForAssignment {
  country?: CountryCode | undefined;
  attributes?: Attributes | undefined;
}

const low = (s: string) => s.trim().toLowerCase();

function attr(attrs: Attributes | undefined, field: string | undefined): string | undefined {
  if (!attrs || !field) return undefined;
  const hit = Object.entries(attrs).find(([k]) => low(k) === low(field));
  const v = hit?.[1];
  return v === null || v === undefined || v === "" ? undefined : String(v);
}

function covers(rep: Rep, lead: LeadForAssignment, s: AssignmentSettings): boolean {
  if (rep.territories.length === 0) return true;
  const fieldValues = s.territoryFields.map((f) => attr(lead.attributes, f)).filter((v): v is string => v !== undefined).map(low);
  const regionKeys = new Map(Object.entries(s.regions).map(([k, v]) => [low(k), v]));
  return rep.territories.some((t) => {
    if (fieldValues.includes(low(t))) return true;
    if (!lead.country) return false;
    if (toCountryCode(t) === lead.country) return true;
    const members = regionKeys.get(low(t));
    return members !== undefined && members.some((m) => toCountryCode(m) === lead.country);
  });
}

/** Why each filter left nobody, for the "unassigned: …" line. */
function routingKeys(lead: LeadForAssignment, s: AssignmentSettings) {
  const territory = [lead.country, ...s.territoryFields.map((f) => attr(lead.attributes, f))].filter(Boolean).join("/") || "no country";
  return { territory, product: attr(lead.attributes, s.productField), language: attr(lead.attributes, s.languageField) };
}

/**
 * Pick an owner. `cursor` is the round-robin state (from the port or the caller); the
 * caller stores `{ [poolKey]: repId }` after an assignment is applied.
 */
export function assignLead(
  lead: LeadForAssignment,
  reps: Rep[],
  cursor: RoundRobinCursor,
  s: AssignmentSettings = DEFAULT_ASSIGNMENT,
  /** With no cursor for the pool (e.g. independent sandbox runs), a stable hash of this picks the turn. */
  seed?: string,
): Assignment {
  const d = routingKeys(lead, s);
  const pool = reps.filter((r) => r.role === s.role).sort((a, b) => a.id.localeCompare(b.id));
  if (pool.length === 0) return { status: "unassigned", why: `unassigned: no ${s.role} reps configured` };
  const inTerritory = pool.filter((r) => covers(r, lead, s));
  if (inTerritory.length === 0) return { status: "unassigned", why: `unassigned: no ${s.role} rep covers ${d.territory}` };
  // Reps who name the lead's territory come first; catch-all reps (no territories) take the
  // lead only when none of those is eligible and free.
  const specific = inTerritory.filter((r) => r.territories.length > 0);
  if (specific.length > 0 && specific.length < inTerritory.length) {
    const first = pickAmong(specific, d, cursor, seed);
    if (first.status === "assigned") return first;
  }
  return pickAmong(inTerritory, d, cursor, seed);
}

/** Skills, then capacity, then round-robin within one set of territory-eligible reps. */
function pickAmong(inTerritory: Rep[], d: ReturnType<typeof routingKeys>, cursor: RoundRobinCursor, seed: string | undefined): Assignment {
  // A rep with no listed skills is a generalist, as a rep with no territories covers anywhere.
  const sells = (r: Rep) => r.skills.length === 0 || r.skills.some((k) => low(k) === low(d.product ?? ""));
  const withProduct = d.product ? inTerritory.filter(sells) : inTerritory;
  if (withProduct.length === 0) return { status: "unassigned", why: `unassigned: no rep covering ${d.territory} sells ${d.product}` };

  const eligible = d.language ? withProduct.filter((r) => r.languages.some((l) => low(l) === low(d.language ?? ""))) : withProduct;
  if (eligible.length === 0) return { status: "unassigned", why: `unassigned: no rep covering ${d.territory} speaks '${d.language}'` };

  const free = eligible.filter((r) => r.load < r.capacity);
  if (free.length === 0) {
    return { status: "unassigned", why: `unassigned: all ${eligible.length} eligible reps are at full capacity (${eligible.map((r) => `${r.name} ${r.load}/${r.capacity}`).join(", ")})` };
  }

  // The pool is keyed by who is eligible, not who is free, so a rep returning below capacity
  // resumes their turn instead of restarting the rotation.
  const poolKey = eligible.map((r) => r.id).join(",");
  const last = cursor[poolKey];
  const chosen =
    last !== undefined
      ? (free.find((r) => r.id.localeCompare(last) > 0) ?? free[0])
      : seed !== undefined
        ? free[fnv1a(seed) % free.length]
        : free[0];
  if (!chosen) return { status: "unassigned", why: "unassigned: no free rep" };
  const skills = [d.product ? `sells ${d.product}` : "", d.language ? `speaks ${d.language}` : ""].filter(Boolean).join(", ");
  const why = `${chosen.name} covers ${d.territory}${skills ? `, ${skills}` : ""}; ${chosen.load}/${chosen.capacity} open; round-robin turn among ${free.length} free of ${eligible.length} eligible`;
  return { status: "assigned", repId: chosen.id, repName: chosen.name, why, poolKey, eligible: eligible.map((r) => r.id) };
}

/** The cursor after applying an assignment (pure: returns a new object). */
export function advanceCursor(cursor: RoundRobinCursor, a: Assignment): RoundRobinCursor {
  return a.status === "assigned" ? { ...cursor, [a.poolKey]: a.repId } : cursor;
}
