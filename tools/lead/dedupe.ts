import type { ExistingPerson } from "../../crm/types.ts";
import type { CountryCode } from "libphonenumber-js";
import { normalizeCompany, normalizeEmail, normalizePersonName, normalizePhone, type NormalizedLead } from "./normalize.ts";
import { editSimilarity, nameSimilarity } from "./similarity.ts";

/**
 * Is this lead someone we already know? Exact normalised keys (email, phone) first, then a
 * fuzzy person name + company match. A duplicate is never dropped: an exact match proposes
 * a merge into the existing record, a fuzzy one a link a person can confirm.
 */

export interface DedupeSettings {
  /** Minimum name similarity for a fuzzy match (0..1). */
  nameThreshold: number;
  /** Minimum company similarity for a fuzzy match (0..1). */
  companyThreshold: number;
  /** Below this name similarity an exact email/phone hit is downgraded to a link (shared inbox, switchboard). */
  conflictingNameBelow: number;
}

export const DEFAULT_DEDUPE: DedupeSettings = { nameThreshold: 0.85, companyThreshold: 0.85, conflictingNameBelow: 0.6 };

export type MatchType = "exact_email" | "exact_phone" | "exact_email_phone" | "fuzzy_name_company";

export interface DuplicateMatch {
  record: { type: ExistingPerson["type"]; id: string; accountId?: string | undefined };
  matchType: MatchType;
  /** 1 for a clean exact key; the fuzzy similarity otherwise. */
  score: number;
  /** What to do with it: merge into the existing record, or link and let a person decide. */
  resolution: "merge" | "link";
  /** One line a person reads: which keys matched and how closely. */
  why: string;
}

interface Keys {
  email?: string | undefined;
  phone?: string | undefined;
  name?: string | undefined;
  company?: string | undefined;
}

function keysOf(p: ExistingPerson, region: CountryCode | undefined): Keys {
  return {
    email: normalizeEmail(p.email),
    phone: normalizePhone(p.phone, region),
    name: normalizePersonName(p.name),
    company: normalizeCompany(p.company),
  };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Compare one existing record; undefined when it is not a duplicate. */
export function matchPerson(
  lead: NormalizedLead,
  person: ExistingPerson,
  s: DedupeSettings = DEFAULT_DEDUPE,
): DuplicateMatch | undefined {
  if (person.id === lead.id) return undefined;
  // The existing record's phone has no country of its own here: read it in the lead's.
  const k = keysOf(person, lead.country);
  const record = { type: person.type, id: person.id, accountId: person.accountId };
  const sameEmail = lead.email !== undefined && lead.email === k.email;
  const samePhone = lead.phone !== undefined && lead.phone === k.phone;
  const nameSim = lead.name && k.name ? nameSimilarity(lead.name, k.name) : undefined;

  if (sameEmail || samePhone) {
    const matchType: MatchType = sameEmail && samePhone ? "exact_email_phone" : sameEmail ? "exact_email" : "exact_phone";
    const keys = [sameEmail ? `email ${lead.email}` : "", samePhone ? `phone ${lead.phone}` : ""].filter(Boolean).join(" and ");
    if (nameSim !== undefined && nameSim < s.conflictingNameBelow) {
      return {
        record, matchType, score: nameSim, resolution: "link",
        why: `same ${keys} but a different name ("${person.name}", ${pct(nameSim)} alike): shared address or number, link for review`,
      };
    }
    return { record, matchType, score: 1, resolution: "merge", why: `same ${keys} after normalisation` };
  }

  if (nameSim === undefined || !lead.company || !k.company) return undefined;
  const companySim = editSimilarity(lead.company, k.company);
  if (nameSim < s.nameThreshold || companySim < s.companyThreshold) return undefined;
  const score = Math.round(((nameSim + companySim) / 2) * 1000) / 1000;
  return {
    record, matchType: "fuzzy_name_company", score, resolution: "link",
    why: `name "${person.name}" ${pct(nameSim)} alike and company "${person.company}" ${pct(companySim)} alike`,
  };
}

const RANK: Record<MatchType, number> = { exact_email_phone: 3, exact_email: 2, exact_phone: 1, fuzzy_name_company: 0 };

/** All duplicates of a lead, best first (merges before links, then key strength, score, contacts, oldest record). */
export function findDuplicates(
  lead: NormalizedLead,
  people: ExistingPerson[],
  s: DedupeSettings = DEFAULT_DEDUPE,
): DuplicateMatch[] {
  const created = new Map(people.map((p) => [`${p.type}:${p.id}`, p.createdAt ?? "\uffff"]));
  const matches = people.map((p) => matchPerson(lead, p, s)).filter((m): m is DuplicateMatch => m !== undefined);
  return matches.sort(
    (a, b) =>
      Number(b.resolution === "merge") - Number(a.resolution === "merge") ||
      RANK[b.matchType] - RANK[a.matchType] ||
      b.score - a.score ||
      // A contact is a converted person: link the lead to it rather than to another lead.
      Number(b.record.type === "contact") - Number(a.record.type === "contact") ||
      // The oldest record is the one to keep: it carries the history.
      (created.get(`${a.record.type}:${a.record.id}`) ?? "").localeCompare(created.get(`${b.record.type}:${b.record.id}`) ?? "") ||
      a.record.id.localeCompare(b.record.id),
  );
}
