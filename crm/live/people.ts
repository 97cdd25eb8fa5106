import type { PeopleQuery } from "../port.ts";
import type { ExistingPerson } from "../types.ts";
import type { Queryable } from "../../db/pool.ts";
import { normCompany, normEmail, normName, normPhone, phoneKey, similarity } from "./normalize.ts";
import { SELECT_PEOPLE_CANDIDATES, type PersonDbRow } from "./sql.ts";

/** Fuzzy matches below this similarity are not returned. */
export const FUZZY_MIN = 0.85;

interface Scored {
  person: ExistingPerson;
  score: number;
}

/**
 * Existing leads and contacts that may be the same person: exact on normalised email or
 * phone (score 1), fuzzy on company (+ name when given). Exact matches come first, then by
 * similarity; ties by id so the order is stable.
 */
export async function findPeople(db: Queryable, tenantId: string, asOfTs: string, q: PeopleQuery): Promise<ExistingPerson[]> {
  const emails = unique(q.emails.map((e) => normEmail(e)));
  const phones = unique(q.phones.map((p) => normPhone(p)).map((p) => (p ? phoneKey(p) : undefined)));
  const company = normCompany(q.company);
  const name = normName(q.name);
  if (!emails.length && !phones.length && !company && !name) return [];
  const { rows } = await db.query<PersonDbRow>(SELECT_PEOPLE_CANDIDATES, [
    tenantId, q.excludeId, asOfTs, emails, phones, company ?? null, name ?? null,
  ]);
  const scored: Scored[] = [];
  for (const r of rows) {
    const score = scoreCandidate(r, { emails, phones, company, name });
    if (score >= FUZZY_MIN) scored.push({ person: toPerson(r), score });
  }
  scored.sort((a, b) => b.score - a.score || a.person.id.localeCompare(b.person.id));
  return scored.slice(0, q.limit ?? 10).map((s) => s.person);
}

interface Keys {
  emails: string[];
  phones: string[];
  company: string | undefined;
  name: string | undefined;
}

function scoreCandidate(r: PersonDbRow, k: Keys): number {
  if (r.email_norm && k.emails.includes(r.email_norm)) return 1;
  if (r.phone_norm && k.phones.includes(phoneKey(r.phone_norm))) return 1;
  const co = k.company && r.company ? similarity(k.company, normCompany(r.company) ?? "") : 0;
  const nm = k.name && r.name ? similarity(k.name, normName(r.name) ?? "") : 0;
  // A look-alike company alone is weak evidence (two people at one firm); with a look-alike
  // name it is strong. Without a company, a very close name is enough to surface.
  if (k.company && k.name) return co >= FUZZY_MIN && nm >= FUZZY_MIN ? Math.min(0.99, (co + nm) / 2) : Math.min(co, nm, 0.8);
  if (k.company) return Math.min(0.98, co);
  return nm >= 0.95 ? Math.min(0.97, nm) : 0;
}

function toPerson(r: PersonDbRow): ExistingPerson {
  const out: ExistingPerson = { type: r.type, id: r.id };
  if (r.name !== null) out.name = r.name;
  if (r.email !== null) out.email = r.email;
  if (r.phone !== null) out.phone = r.phone;
  if (r.company !== null) out.company = r.company;
  if (r.account_id !== null) out.accountId = r.account_id;
  if (r.created_at !== null) out.createdAt = r.created_at;
  return out;
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))];
}
