/**
 * Text normalisation and tokenisation for the routing model. Pure functions, no state:
 * the same string always gives the same tokens, whatever the language or platform.
 */

/** At most this many word tokens per text: a pasted log file must not slow routing down. */
export const MAX_TOKENS = 400;
/** Longer "words" are URLs, hashes or base64; their head is enough to recognise them. */
export const MAX_WORD_CHARS = 32;

const GERMAN_FOLD: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", ß: "ss" };
const COMBINING_MARKS = /\p{M}+/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const DIGITS_ONLY = /^\p{N}+$/u;

/**
 * Lowercase and fold a text so spelling variants meet: NFKC (full-width forms, ligatures),
 * Unicode lowercasing (Ä→ä, ẞ→ß), German umlauts and ß to their ASCII spellings
 * ("Größe" and "GROESSE" both become "groesse", as people type them without umlauts), then
 * other accents stripped (é→e), since tickets are typed with and without them.
 */
export function normalizeText(text: string): string {
  const lower = text.normalize("NFKC").toLowerCase();
  const folded = lower.replace(/[äöüß]/g, (c) => GERMAN_FOLD[c] ?? c);
  // Decompose to strip the remaining accents, then recompose so scripts such as Hangul stay whole.
  return folded.normalize("NFD").replace(COMBINING_MARKS, "").normalize("NFC");
}

/**
 * Word tokens of a text: runs of letters and digits after `normalizeText`. Pure numbers
 * become "#num" (order numbers and dates route nothing, but "a number was given" may);
 * very long runs are cut to MAX_WORD_CHARS; at most `maxTokens` tokens are returned.
 */
export function tokenize(text: string | null | undefined, maxTokens = MAX_TOKENS): string[] {
  if (!text) return [];
  // Only the head of a huge text can contribute tokens: bound the work before normalising.
  const head = text.length > maxTokens * 24 ? text.slice(0, maxTokens * 24) : text;
  const out: string[] = [];
  for (const m of normalizeText(head).matchAll(WORD)) {
    const word = m[0];
    out.push(DIGITS_ONLY.test(word) ? "#num" : word.length > MAX_WORD_CHARS ? word.slice(0, MAX_WORD_CHARS) : word);
    if (out.length >= maxTokens) break;
  }
  return out;
}

/** Character n-gram lengths used inside words (word-boundary aware, like scikit-learn's char_wb). */
export const CHAR_NGRAM_MIN = 3;
export const CHAR_NGRAM_MAX = 5;

/**
 * Character n-grams of one word, padded with "_" on each side so prefixes and suffixes
 * are their own features ("_rech", "ung_"); words hold only letters and digits, so "_"
 * is unambiguous. These match across German
 * compounds and inflections ("Rechnungsadresse" shares "rechn" with "Rechnung").
 */
export function charNgrams(word: string, min = CHAR_NGRAM_MIN, max = CHAR_NGRAM_MAX): string[] {
  const padded = `_${word}_`;
  const out: string[] = [];
  for (let n = min; n <= max; n++) {
    if (padded.length < n) break;
    for (let i = 0; i + n <= padded.length; i++) out.push(padded.slice(i, i + n));
  }
  // A short word padded is shorter than `min`: keep it whole so it still counts.
  if (out.length === 0 && word.length > 0) out.push(padded);
  return out;
}
