import type { LeadContext } from "../../crm/types.ts";
import type { FeatureRow } from "../types.ts";
import { typeKey } from "./activity.ts";
import { asOfInstant, attributeFeatures, category, daysBefore, minOf, round } from "./values.ts";

/**
 * Lead-triage features at `asOf`: typed lead fields (source, country, city, title and its
 * seniority, email domain type, contact completeness, age), activities and every
 * attribute column. Names, phone numbers and company names are identifiers, not signals.
 */

const FREE_MAIL = new Set([
  "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.co.in", "hotmail.com", "outlook.com", "live.com",
  "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "gmx.net",
  "web.de", "mail.com", "mail.ru", "yandex.ru", "yandex.com", "qq.com", "163.com", "126.com", "zoho.com", "rediffmail.com",
  "free.fr", "orange.fr", "laposte.net", "libero.it", "t-online.de", "seznam.cz", "wp.pl", "naver.com", "hey.com",
]);

export function emailDomainType(email: string | undefined): "free" | "corporate" | "invalid" | null {
  if (!email || email.trim() === "") return null;
  const m = /^[^@\s]+@([^@\s]+\.[^@\s]+)$/.exec(email.trim().toLowerCase());
  if (!m) return "invalid";
  return FREE_MAIL.has(m[1]!) ? "free" : "corporate";
}

const SENIORITY: [RegExp, string][] = [
  [/\b(ceo|cto|cfo|coo|cmo|cio|ciso|chief|founder|co-founder|owner|president|partner)\b/i, "c-level"],
  [/\b(vp|svp|evp|vice president|head of|head)\b/i, "vp/head"],
  [/\b(director|dir\.?)\b/i, "director"],
  [/\b(manager|lead|principal|supervisor)\b/i, "manager"],
  [/\b(student|intern|trainee)\b/i, "student"],
];

export function titleSeniority(title: string | undefined): string | null {
  const t = category(title);
  if (t === null) return null;
  for (const [re, level] of SENIORITY) if (re.test(t)) return level;
  return "other";
}

const MAX_ACTIVITY_TYPES = 20;

export function leadFeatures(ctx: LeadContext, asOf: string): FeatureRow {
  const asOfMs = asOfInstant(asOf);
  const l = ctx.lead;
  const age = daysBefore(l.createdAt, asOfMs);
  const row: FeatureRow = {
    source: category(l.source),
    country: category(l.country),
    city: category(l.city),
    title: category(l.title)?.toLowerCase() ?? null,
    titleSeniority: titleSeniority(l.title),
    emailDomain: emailDomainType(l.email),
    hasPhone: category(l.phone) !== null,
    hasCompany: category(l.company) !== null,
    leadAgeDays: age === undefined ? null : round(age, 1),
  };
  const acts = ctx.activities
    .map((a) => ({ a, age: daysBefore(a.at, asOfMs) }))
    .filter((x): x is { a: (typeof ctx.activities)[number]; age: number } => x.age !== undefined && x.age >= 0);
  row["activities.count"] = acts.length;
  row["activities.last7d"] = acts.filter((x) => x.age < 7).length;
  row["activities.last30d"] = acts.filter((x) => x.age < 30).length;
  row["activities.valueSum"] = round(acts.reduce((s, x) => s + (x.a.value ?? 0), 0));
  row["activities.daysSinceLast"] = acts.length ? round(minOf(acts.map((x) => x.age)), 1) : null;
  row["activities.distinctTypes"] = new Set(acts.map((x) => typeKey(x.a.type))).size;
  const perType = new Map<string, { n: number; value: number }>();
  for (const { a } of acts) {
    const k = typeKey(a.type);
    const cur = perType.get(k) ?? { n: 0, value: 0 };
    perType.set(k, { n: cur.n + 1, value: cur.value + (a.value ?? 0) });
  }
  const top = [...perType.entries()].sort((x, y) => y[1].n - x[1].n || x[0].localeCompare(y[0])).slice(0, MAX_ACTIVITY_TYPES);
  for (const [type, s] of top) {
    row[`activities.${type}.count`] = s.n;
    row[`activities.${type}.value`] = round(s.value);
  }
  attributeFeatures(l.attributes, asOfMs, row);
  return row;
}
