import { fnv1a } from "../../core/random.ts";

/**
 * Words to features for the local sparse embedder: lower-cased ASCII-folded word runs,
 * English stop words dropped, a light suffix stemmer (installs/installing/installed meet),
 * adjacent-word bigrams for phrases ("peer dependencies"), all hashed into a fixed space.
 * Pure and deterministic: the same text always gives the same features.
 */

/** Size of the hashed feature space (2^20): collisions are rare at documentation scale. */
export const FEATURE_SPACE = 1 << 20;

const STOP = new Set(
  ("a about above after again against all am an and any are aren as at be because been before being below between both but by " +
    "can cannot could did didn do does doesn doing don down during each few for from further had has have having he her here hers " +
    "herself him himself his how i if in into is isn it its itself just let me more most my myself no nor not of off on once only or " +
    "other ought our ours ourselves out over own same she should so some such than that the their theirs them themselves then there " +
    "these they this those through to too under until up very was wasn we were what when where which while who whom why will with " +
    "won would you your yours yourself yourselves s t ll re ve d m get got use using used want need way make").split(" "),
);

/** Word tokens, folded and lower-cased; stop words kept (the caller decides). */
export function words(text: string): string[] {
  const folded = text.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Stems seen (a corpus has far fewer distinct words than words): bounded, cleared when full. */
const stems = new Map<string, string>();
const MAX_STEMS = 200_000;

/** A light English stemmer: strips common inflections so query and passage forms meet. */
export function stem(w: string): string {
  if (w.length <= 3 || /^\d/.test(w)) return w;
  const known = stems.get(w);
  if (known !== undefined) return known;
  if (stems.size >= MAX_STEMS) stems.clear();
  const out = stemUncached(w);
  stems.set(w, out);
  return out;
}

function stemUncached(w: string): string {
  const rules: [RegExp, string][] = [
    [/ational$/, "ate"],
    [/izations?$/, "ize"],
    [/ations?$/, "ate"],
    [/(\w{3})ements?$/, "$1"],
    [/(\w{3})ments?$/, "$1"],
    [/(\w{3})ingly$/, "$1"],
    [/(\w{2})ies$/, "$1y"],
    [/(\w{2})ied$/, "$1y"],
    [/(\w{3})ing$/, "$1"],
    [/(\w{3})edly$/, "$1"],
    [/(\w{3})ed$/, "$1"],
    [/(\w{2}(?:s|x|z|ch|sh))es$/, "$1"],
    [/(\w{3})ers$/, "$1er"],
    [/(\w{3}[^su])s$/, "$1"],
    [/(\w{3})ly$/, "$1"],
  ];
  for (const [re, rep] of rules) {
    if (re.test(w)) {
      let out = w.replace(re, rep);
      // running → runn → run; but keep "install" (ll) and "add" (dd) intact.
      if (/([^aeiouslzd])\1$/.test(out)) out = out.slice(0, -1);
      if (out.endsWith("at") && rep === "ate") out += "e";
      return out;
    }
  }
  return w;
}

const CAMEL = /(?<=[a-z0-9])(?=[A-Z])/g;

/**
 * Content terms of a text: stemmed non-stop words, in order. Identifiers written in
 * camelCase also give their parts ("peerDependencies" → peerdependencies, peer, dependency),
 * so prose and configuration keys meet.
 */
export function terms(text: string): string[] {
  const out: string[] = [];
  const push = (w: string) => {
    if (!STOP.has(w) && w.length < 40) out.push(stem(w));
  };
  // Accents folded once for the whole text (NFKD keeps case, so camelCase is still seen);
  // plain ASCII, most documentation, skips it.
  const folded = /[^\u0000-\u007f]/.test(text) ? text.normalize("NFKD").replace(/\p{M}+/gu, "") : text;
  for (const raw of folded.match(/[\p{L}\p{N}]+/gu) ?? []) {
    push(raw.toLowerCase());
    if (/[a-z0-9][A-Z]/.test(raw)) {
      const parts = raw.split(CAMEL);
      if (parts.length > 1) for (const part of parts) push(part.toLowerCase());
    }
  }
  return out;
}

/** FNV-1a hash of a feature name into the feature space. */
export function hashFeature(feature: string): number {
  return fnv1a(feature) % FEATURE_SPACE;
}

/** Weight of a bigram relative to a word: phrases refine, words carry the match. */
export const BIGRAM_WEIGHT = 0.5;

/** Separators around a code-like token: space, punctuation that quotes or lists, brackets other than braces. */
const TOKEN_SPLIT = /[\s,;"'`()<>[\]|]+/u;
const PLAIN_WORD = /^[\p{L}\p{N}]+(?:[-_][\p{L}\p{N}]+)*$/u;

/**
 * Code-like tokens kept whole, lower-cased: "@{-1}", "head~2", "text=auto", "core.askpass",
 * "--hard", "-s", "package.json", "a...b". The word tokenizer splits these into nothing
 * ("@{-1}" has no word but "1") or into common words, so a user typing the exact syntax
 * from a reference page could not find the page that defines it. A token must hold a
 * letter or digit and a symbol; plain and hyphenated words ("non-fast-forward") are left
 * to the word features and their bigrams. Trailing sentence punctuation is not part of it.
 */
export function symbolTokens(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(TOKEN_SPLIT)) {
    const t = raw.replace(/[.,:;!?*]+$/u, "").replace(/^[:*]+/u, "").toLowerCase();
    if (t.length < 2 || t.length > 40 || PLAIN_WORD.test(t) || !/[\p{L}\p{N}]/u.test(t)) continue;
    out.push(t);
  }
  return out;
}

/** Weight of a whole code-like token, as a word: an exact technical string is strong evidence on its own. */
export const SYMBOL_WEIGHT = 1;

/**
 * Feature counts of a text: unigrams count 1, adjacent bigrams BIGRAM_WEIGHT, whole
 * code-like tokens SYMBOL_WEIGHT.
 */
export function featureCounts(text: string, into = new Map<number, number>(), scale = 1): Map<number, number> {
  for (const t of symbolTokens(text)) {
    const f = hashFeature(`s:${t}`);
    into.set(f, (into.get(f) ?? 0) + scale * SYMBOL_WEIGHT);
  }
  const ts = terms(text);
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i] as string;
    const u = hashFeature(`u:${t}`);
    into.set(u, (into.get(u) ?? 0) + scale);
    if (i > 0) {
      const b = hashFeature(`b:${ts[i - 1]} ${t}`);
      into.set(b, (into.get(b) ?? 0) + scale * BIGRAM_WEIGHT);
    }
  }
  return into;
}
