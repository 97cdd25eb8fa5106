import type { ExistingPerson } from "../../crm/types.ts";
import { normalizeCompany } from "./normalize.ts";
import { editSimilarity } from "./similarity.ts";

/**
 * Lead-to-account matching: a new lead from a company we already sell to belongs with that
 * account even when the person is new (a true non-duplicate). The account is found through
 * existing contacts whose company matches; the one with the most such contacts wins.
 */
export interface AccountMatch {
  accountId: string;
  /** Contacts at that account whose company matched. */
  via: string[];
  score: number;
  why: string;
}

export function matchAccount(leadCompany: string | undefined, people: ExistingPerson[], threshold = 0.85): AccountMatch | undefined {
  if (!leadCompany) return undefined;
  const byAccount = new Map<string, { via: string[]; score: number; company: string }>();
  for (const p of people) {
    if (!p.accountId) continue;
    const company = normalizeCompany(p.company);
    if (!company) continue;
    const score = editSimilarity(leadCompany, company);
    if (score < threshold) continue;
    const cur = byAccount.get(p.accountId) ?? { via: [], score: 0, company: p.company ?? company };
    cur.via.push(p.id);
    cur.score = Math.max(cur.score, score);
    byAccount.set(p.accountId, cur);
  }
  const best = [...byAccount.entries()].sort((a, b) => b[1].via.length - a[1].via.length || b[1].score - a[1].score || a[0].localeCompare(b[0]))[0];
  if (!best) return undefined;
  const [accountId, m] = best;
  const score = Math.round(m.score * 1000) / 1000;
  return {
    accountId,
    via: m.via.sort(),
    score,
    why: `company matches "${m.company}" (${Math.round(score * 100)}% alike), account of ${m.via.length} existing contact(s): ${m.via.slice(0, 3).join(", ")}`,
  };
}
