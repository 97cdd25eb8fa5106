import { instant } from "../cases/as-of.ts";
import type { AgentName, Case, LeadCase } from "../cases/schema.ts";
import type { PeopleQuery } from "../crm/port.ts";
import type { ExistingPerson } from "../crm/types.ts";
import { toCountryCode } from "../tools/lead/country.ts";
import { normalizeCompany, normalizeEmail, normalizePersonName, normalizePhone } from "../tools/lead/normalize.ts";

/**
 * Dedupe candidates in the sandbox: for lead triage, the snapshot of a case is the cases
 * earlier in the file by `asOf` (ties broken by file order), so replay exercises dedupe the
 * way a CRM filling up over time would. Other agents have no people to find.
 */
export type PeopleFinder = (c: Case, query: PeopleQuery) => ExistingPerson[];

interface Entry {
  /** Position in (asOf, file order): only entries ranked before the case are visible to it. */
  rank: number;
  person: ExistingPerson;
}

/** Buckets of entries by normalised key; each bucket is in rank order. */
class Buckets {
  private readonly map = new Map<string, Entry[]>();
  add(key: string | undefined, e: Entry): void {
    if (!key) return;
    const list = this.map.get(key);
    if (list) list.push(e);
    else this.map.set(key, [e]);
  }
  /** Entries for `key` ranked before `rank`, newest first (the most recent records are the likeliest twins), at most `max`. */
  before(key: string | undefined, rank: number, max: number): Entry[] {
    const list = key ? this.map.get(key) : undefined;
    if (!list) return [];
    // Entries were added in rank order: binary-search the first one not visible.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid]?.rank ?? Infinity) < rank) lo = mid + 1;
      else hi = mid;
    }
    return list.slice(Math.max(0, lo - max), lo).reverse();
  }
}

/** An existing lead as a CRM would hold it: phone stored in E.164 when it could be read in its own country. */
function personOf(c: LeadCase): ExistingPerson {
  const l = c.lead;
  const phone = normalizePhone(l.phone, toCountryCode(l.country)) ?? l.phone;
  return { type: "lead", id: l.id, name: l.name, email: l.email, phone, company: l.company, createdAt: l.createdAt ?? c.asOf };
}

/** Build the earlier-cases index once per replay; each lookup is a few bucket reads. */
export function leadPeopleIndex(allCases: Case[]): PeopleFinder {
  const leads = allCases
    .map((c, i) => ({ c, i }))
    .filter((x): x is { c: LeadCase; i: number } => x.c.agent === "lead-triage")
    .sort((a, b) => instant(a.c.asOf) - instant(b.c.asOf) || a.i - b.i);
  const rankOf = new Map<string, number>();
  const byEmail = new Buckets();
  const byPhone = new Buckets();
  const byCompany = new Buckets();
  const byNameToken = new Buckets();
  leads.forEach(({ c }, rank) => {
    rankOf.set(c.id, rank);
    const e: Entry = { rank, person: personOf(c) };
    byEmail.add(normalizeEmail(c.lead.email), e);
    byPhone.add(normalizePhone(c.lead.phone, toCountryCode(c.lead.country)), e);
    // Look-alikes only matter with a name to compare, so only named people are indexed for them.
    const name = normalizePersonName(c.lead.name);
    if (name) {
      byCompany.add(normalizeCompany(c.lead.company), e);
      for (const t of new Set(name.split(" "))) if (t.length > 1) byNameToken.add(t, e);
    }
  });
  return (c, query) => {
    // A case not in the index (e.g. another file) sees every indexed case as earlier.
    const rank = rankOf.get(c.id) ?? Number.POSITIVE_INFINITY;
    const limit = query.limit ?? 50;
    const seen = new Set<string>([query.excludeId]);
    const out: ExistingPerson[] = [];
    const take = (bucket: Buckets, key: string | undefined) => {
      for (const e of bucket.before(key, rank, limit + 1)) {
        if (out.length >= limit) return;
        if (seen.has(e.person.id)) continue;
        seen.add(e.person.id);
        out.push(e.person);
      }
    };
    // Exact keys first so they survive the limit; then look-alikes by company and name.
    // Callers should pass normalised keys; normalising again is idempotent and forgiving.
    for (const k of query.emails) take(byEmail, normalizeEmail(k) ?? k);
    for (const k of query.phones) take(byPhone, normalizePhone(k) ?? k);
    const name = normalizePersonName(query.name);
    if (name) {
      take(byCompany, normalizeCompany(query.company));
      for (const t of new Set(name.split(" "))) if (t.length > 1) take(byNameToken, t);
    }
    return out;
  };
}

export function peopleFinderFor(agent: AgentName, allCases: Case[]): PeopleFinder | undefined {
  if (agent !== "lead-triage") return undefined;
  return leadPeopleIndex(allCases);
}
