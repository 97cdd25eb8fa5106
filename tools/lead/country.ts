import { getCountries, type CountryCode } from "libphonenumber-js";

/**
 * Country names or codes → ISO 3166-1 alpha-2. CRMs store "India", "IN", "United States",
 * "USA" or "Hong Kong" in the same column; libphonenumber-js only knows codes. The reverse
 * name map is built once at runtime from `Intl.DisplayNames` (long and short English names,
 * so it stays current with the ICU data) over the codes libphonenumber-js supports, plus a
 * short alias table for common spellings ICU does not produce.
 */

/** Spellings seen in real CRMs that ICU's English names do not cover. Keys are already `key()`-ed. */
const ALIASES: Record<string, CountryCode> = {
  usa: "US",
  "united states of america": "US",
  america: "US",
  uk: "GB",
  "great britain": "GB",
  england: "GB",
  scotland: "GB",
  wales: "GB",
  "northern ireland": "GB",
  korea: "KR",
  "republic of korea": "KR",
  "north korea": "KP",
  "hong kong": "HK",
  macau: "MO",
  russia: "RU",
  "russian federation": "RU",
  "czech republic": "CZ",
  "ivory coast": "CI",
  burma: "MM",
  holland: "NL",
  "the netherlands": "NL",
  uae: "AE",
  "viet nam": "VN",
  philipines: "PH",
  "türkiye": "TR",
  turkiye: "TR",
  swaziland: "SZ",
  "cape verde": "CV",
  "east timor": "TL",
  "vatican city": "VA",
  "republic of ireland": "IE",
};

/** Lowercase, accents stripped, punctuation to single spaces: "Côte d’Ivoire" → "cote d ivoire". */
function key(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

let byName: Map<string, CountryCode> | undefined;
let codes: Set<string> | undefined;

function nameMap(): Map<string, CountryCode> {
  if (byName) return byName;
  const map = new Map<string, CountryCode>();
  const styles = ["long", "short", "narrow"] as const;
  for (const style of styles) {
    const names = new Intl.DisplayNames(["en"], { type: "region", style, fallback: "none" });
    for (const code of getCountries()) {
      const name = names.of(code);
      if (name) map.set(key(name), code);
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) map.set(key(alias), code);
  byName = map;
  return map;
}

/**
 * ISO alpha-2 code for a country name or code, or undefined when unknown ("unknown",
 * "Asia/Pacific Region", "Atlantis"). Never throws: a lead with an odd country is still a lead.
 */
export function toCountryCode(input: string | null | undefined): CountryCode | undefined {
  if (!input) return undefined;
  const trimmed = input.trim();
  if (trimmed === "") return undefined;
  codes ??= new Set(getCountries());
  const upper = trimmed.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper)) {
    if (upper === "UK") return "GB";
    return codes.has(upper) ? (upper as CountryCode) : undefined;
  }
  return nameMap().get(key(trimmed));
}
