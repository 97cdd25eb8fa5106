import { symbolTokens, terms } from "../embed/features.ts";

/**
 * Text to the tokens the in-memory index counts: stemmed content words (the local
 * embedder's `terms`: stop words dropped, light stemming, camelCase parts), adjacent-word
 * bigrams, and whole code-like tokens ("@{-1}", "--hard", "core.askpass"). Queries and
 * passages go through the same function, so they meet on the same keys.
 */
export interface Analyzed {
  /** Stemmed content words in order (positions matter for bigrams). */
  words: string[];
  /** "a b" for each adjacent pair of `words`. */
  bigrams: string[];
  /** Whole code-like tokens, prefixed "§" so they never collide with a word. */
  symbols: string[];
}

/** Tokens of a text (see Analyzed). */
export function analyze(text: string): Analyzed {
  const words = terms(text);
  const bigrams: string[] = [];
  for (let i = 1; i < words.length; i++) bigrams.push(`${words[i - 1]} ${words[i]}`);
  return { words, bigrams, symbols: symbolTokens(text).map((s) => `§${s}`) };
}

/** Counts of a list of tokens. */
export function countTokens(tokens: Iterable<string>, into = new Map<string, number>(), weight = 1): Map<string, number> {
  for (const t of tokens) into.set(t, (into.get(t) ?? 0) + weight);
  return into;
}
