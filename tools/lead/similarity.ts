import { distance } from "fastest-levenshtein";

/**
 * String similarity in [0, 1] for fuzzy dedupe. Inputs are expected to be normalised keys
 * (see normalize.ts), so case, accents and punctuation have already been dealt with.
 */

/** 1 − edit distance / longer length: "acme" vs "acme" = 1, "jon smith" vs "john smith" = 0.9. */
export function editSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  return 1 - distance(a, b) / longer;
}

/**
 * Person-name similarity that tolerates a missing middle name or initial: the better of
 * the whole-string score and the score of the shorter token set against the best-matching
 * tokens of the longer one ("ana ruiz" vs "ana maria ruiz" → 1). Single-token names only
 * count as a whole (a shared first name alone is not the same person).
 */
export function nameSimilarity(a: string, b: string): number {
  const whole = editSimilarity(a, b);
  const ta = a.split(" ");
  const tb = b.split(" ");
  const [short, long] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  if (short.length < 2) return whole;
  // Every token of the shorter name must be found: a shared first name alone ("ana smith" vs
  // "ana ruiz") must not look alike, so the weakest token decides.
  const subset = Math.min(...short.map((t) => Math.max(...long.map((u) => tokenSimilarity(t, u)))));
  return Math.max(whole, subset);
}

/** An initial matches a token that starts with it ("j" ~ "john"), otherwise edit similarity. */
function tokenSimilarity(a: string, b: string): number {
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return 0.9;
  return editSimilarity(a, b);
}
