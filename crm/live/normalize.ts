import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { distance } from "fastest-levenshtein";

/**
 * Normalised keys for duplicate detection, used both when rows are written (the `*_norm`
 * columns) and when `findPeople` is queried. Each function is idempotent (normalising a
 * normalised value returns it unchanged), so callers may pass raw or normalised values.
 */

/** Lower-case, trimmed, without plus-addressing: "Ana+webinar@Acme.io" → "ana@acme.io". */
export function normEmail(raw: string | null | undefined): string | undefined {
  const s = raw?.trim().toLowerCase();
  if (!s || !s.includes("@")) return undefined;
  const at = s.lastIndexOf("@");
  const local = s.slice(0, at).replace(/\+.*$/, "");
  const domain = s.slice(at + 1);
  return local && domain ? `${local}@${domain}` : undefined;
}

/**
 * Digits of the E.164 form when the number parses (a leading "00" counts as "+"), else its
 * bare digits. Matching compares the last {@link PHONE_MATCH_DIGITS} digits, so national and
 * international spellings of one number meet.
 */
export function normPhone(raw: string | null | undefined, country?: string | null): string | undefined {
  const s = raw?.trim();
  if (!s) return undefined;
  const intl = s.replace(/^00/, "+");
  const cc = country && /^[A-Za-z]{2}$/.test(country) ? (country.toUpperCase() as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(intl, cc);
  const digits = parsed?.isPossible() ? parsed.number.replace(/\D/g, "") : s.replace(/\D/g, "");
  return digits.length >= 6 ? digits : undefined;
}

export const PHONE_MATCH_DIGITS = 9;

/** The part of a normalised phone that is compared. */
export function phoneKey(norm: string): string {
  return norm.length > PHONE_MATCH_DIGITS ? norm.slice(-PHONE_MATCH_DIGITS) : norm;
}

const LEGAL_SUFFIXES = new Set([
  "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "gmbh", "ag", "sa", "sas",
  "sarl", "srl", "spa", "sl", "sro", "kk", "bv", "nv", "plc", "oy", "ab", "as", "kg", "pty", "lp", "llp", "the",
]);

/** "The ACME, Inc." → "acme"; accents folded, punctuation and legal forms dropped. */
export function normCompany(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const words = raw
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    // Dots join abbreviations ("S.A.", "Inc.") rather than separate words.
    .replace(/\./g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter((w) => w && !LEGAL_SUFFIXES.has(w));
  const out = words.join(" ");
  return out || undefined;
}

/** Person names compared loosely: folded, lower-case, single spaces. */
export function normName(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const s = raw.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  return s || undefined;
}

/** 1 − edit distance / longer length: 1 for equal strings, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  return 1 - distance(a, b) / Math.max(a.length, b.length);
}
