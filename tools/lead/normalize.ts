import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import type { Lead } from "../../cases/schema.ts";
import { toCountryCode } from "./country.ts";

/**
 * Canonical keys for dedupe and routing. Every function is total: bad input yields
 * `undefined` plus a human-readable issue, never an exception, because a lead with a
 * malformed phone is still a lead someone should call back.
 */

/** Per-provider mailbox rules. Most providers deliver `a+tag@` to `a@`; Gmail also ignores dots. */
interface ProviderRule {
  /** Domain the provider's aliases collapse to. */
  canonicalDomain?: string;
  /** Dots in the local part are ignored by the provider. */
  ignoreDots?: boolean;
}

/** Small on purpose: only providers whose rules are documented and stable. */
const PROVIDERS: Record<string, ProviderRule> = {
  "gmail.com": { ignoreDots: true },
  "googlemail.com": { canonicalDomain: "gmail.com", ignoreDots: true },
};

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** "  Ana.Ruiz+webinar@GoogleMail.com " → "anaruiz@gmail.com"; undefined when not an address. */
export function normalizeEmail(input: string | null | undefined): string | undefined {
  if (!input) return undefined;
  const email = input.trim().toLowerCase().replace(/^mailto:/, "");
  if (!EMAIL_SHAPE.test(email)) return undefined;
  const at = email.lastIndexOf("@");
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  const rule = PROVIDERS[domain];
  if (rule?.ignoreDots) local = local.replace(/\./g, "");
  if (rule?.canonicalDomain) domain = rule.canonicalDomain;
  return local === "" ? undefined : `${local}@${domain}`;
}

/**
 * E.164 ("+34612345678") from any common format: "+34 612 34 56 78", "0034612345678", or a
 * national "612345678" read in the lead's country. Undefined when it is not a valid number.
 */
export function normalizePhone(input: string | null | undefined, defaultCountry?: CountryCode): string | undefined {
  if (!input) return undefined;
  const text = input.trim();
  if (!/\d/.test(text)) return undefined;
  const parsed = parsePhoneNumberFromString(text, defaultCountry ? { defaultCountry } : undefined);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** Legal-form tokens removed from the end of a company name (after dots are dropped: "S.A." → "sa"). */
const LEGAL_SUFFIXES = new Set([
  "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "llp", "lp",
  "plc", "gmbh", "ag", "kg", "se", "sa", "sas", "sarl", "sl", "slu", "srl", "spa", "bv", "nv", "oy",
  "ab", "as", "aps", "kk", "pty", "pvt", "pte", "bhd", "sdn", "group", "holding", "holdings",
]);

/** Shared text canonicalisation: accents off, lowercase, punctuation to spaces. */
export function textKey(input: string): string {
  return input
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/\./g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** "The ACME Co., Ltd." → "acme"; "Müller GmbH" → "muller". Undefined when nothing is left. */
export function normalizeCompany(input: string | null | undefined): string | undefined {
  if (!input) return undefined;
  const tokens = textKey(input).split(" ").filter(Boolean);
  if (tokens[0] === "the" && tokens.length > 1) tokens.shift();
  // Strip suffixes from the end, but never the whole name ("Company" alone stays).
  while (tokens.length > 1 && LEGAL_SUFFIXES.has(tokens[tokens.length - 1] ?? "")) tokens.pop();
  const out = tokens.join(" ");
  return out === "" ? undefined : out;
}

/** "Ruiz, Ana" and "ana  RUIZ" → "ana ruiz": tokens sorted so order does not matter. */
export function normalizePersonName(input: string | null | undefined): string | undefined {
  if (!input) return undefined;
  const tokens = textKey(input).split(" ").filter(Boolean).sort();
  return tokens.length ? tokens.join(" ") : undefined;
}

/** A lead reduced to its matching keys, plus what could not be read. */
export interface NormalizedLead {
  id: string;
  email?: string | undefined;
  /** Domain of the email, for context. */
  emailDomain?: string | undefined;
  phone?: string | undefined;
  company?: string | undefined;
  name?: string | undefined;
  country?: CountryCode | undefined;
  /** Readable problems: "phone: '12' is not a valid number for ES". Empty when clean. */
  issues: string[];
}

/** Normalise every key of a lead; the country is resolved first as the phone's default region. */
export function normalizeLead(lead: Lead): NormalizedLead {
  const issues: string[] = [];
  const country = toCountryCode(lead.country);
  if (lead.country && !country) issues.push(`country: unknown '${lead.country}'`);
  const email = normalizeEmail(lead.email);
  if (lead.email && !email) issues.push(`email: '${lead.email}' is not an address`);
  const phone = normalizePhone(lead.phone, country);
  if (lead.phone && !phone) issues.push(`phone: '${lead.phone}' is not a valid number${country ? ` for ${country}` : " (no country to read it in)"}`);
  const company = normalizeCompany(lead.company);
  const name = normalizePersonName(lead.name);
  if (!email && !phone && !name) issues.push("contact: no usable email, phone or name");
  return { id: lead.id, email, emailDomain: email?.split("@")[1], phone, company, name, country, issues };
}
