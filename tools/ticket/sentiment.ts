import { LEXICONS, type CueKind, type Lexicon } from "./lexicon.ts";

/**
 * Anger/frustration and urgency cues in a ticket, multilingual and negation-aware. Pure and
 * bounded: only the first MAX_SCAN_CHARS characters are read, so a pasted log file costs
 * the same as a short note. Each cue that fired is returned, so the decision can say why.
 */

/** Characters of subject + body scanned at most. */
export const MAX_SCAN_CHARS = 20_000;
/** Word tokens scanned at most. */
export const MAX_SCAN_TOKENS = 4_000;
/** Tokens before a cue in which a negator cancels it ("not really urgent"). */
const NEGATION_WINDOW = 3;

/** One cue that fired. */
export interface Cue {
  kind: CueKind;
  /** Stable id: "en:unacceptable", "de:kündig*", "pattern:exclamations", "pattern:all_caps". */
  id: string;
  /** Lexicon language; absent for language-independent patterns. */
  language?: string | undefined;
  /** The text that matched, as a person reads it in the evidence. */
  match: string;
  weight: number;
}

export interface SentimentResult {
  /** Anger/frustration in [0, 1]: noisy-OR of the anger cues' weights. */
  anger: number;
  /** Urgency in [0, 1]: noisy-OR of the urgency cues' weights. */
  urgency: number;
  /** Cues that fired, strongest first; each cue id at most once. */
  cues: Cue[];
  /** Cues cancelled by a negator ("not urgent"), for transparency. */
  negated: string[];
  /** True when the text was longer than the scan bound. */
  truncated: boolean;
}

export interface SentimentInput {
  subject?: string | null | undefined;
  body?: string | null | undefined;
}

interface CompiledTerm {
  id: string;
  words: string[];
  /** The last word is a prefix. */
  prefix: boolean;
  kind: CueKind;
  weight: number;
  ignoresNegation: boolean;
  language: string;
}

interface CompiledLexicons {
  byFirstWord: Map<string, CompiledTerm[]>;
  /** Single-word prefix terms by their first character (a token is checked only against its own letter's), in lexicon order. */
  prefixes: Map<string, CompiledTerm[]>;
  negators: Set<string>;
}

const UMLAUTS: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", ß: "ss" };
const FORMAT_CHARS = /\p{Cf}+/gu;
const MARKS = /\p{M}+/gu;
const APOSTROPHE_IN_WORD = /(?<=\p{L})['’ʼ`](?=\p{L})/gu;
const WORD = /[\p{L}\p{N}]+/gu;
/** Words, plus clause punctuation kept as a "|" token so negation does not cross clauses. */
const WORD_OR_CLAUSE = /[\p{L}\p{N}]+|[.,;:!?()\n]/gu;
const CLAUSE = "|";

/** Case, umlaut and accent folding so "KÜNDIGUNG", "Kuendigung" and "kündigung" meet. */
export function foldText(text: string): string {
  const lower = text.normalize("NFKC").replace(FORMAT_CHARS, "").toLowerCase();
  const folded = lower.replace(/[äöüß]/g, (c) => UMLAUTS[c] ?? c);
  return folded.normalize("NFD").replace(MARKS, "").replace(APOSTROPHE_IN_WORD, "");
}

function words(text: string, max: number, clauses = false): string[] {
  const out: string[] = [];
  for (const m of foldText(text).matchAll(clauses ? WORD_OR_CLAUSE : WORD)) {
    const w = m[0];
    if (w.length === 1 && ".,;:!?()\n".includes(w)) {
      if (out.length > 0 && out[out.length - 1] !== CLAUSE) out.push(CLAUSE);
      continue;
    }
    out.push(w);
    if (out.length >= max) break;
  }
  return out;
}

const compiledCache = new WeakMap<readonly Lexicon[], CompiledLexicons>();

function compile(lexicons: readonly Lexicon[]): CompiledLexicons {
  const cached = compiledCache.get(lexicons);
  if (cached) return cached;
  const byFirstWord = new Map<string, CompiledTerm[]>();
  const prefixes = new Map<string, CompiledTerm[]>();
  const negators = new Set<string>();
  for (const lex of lexicons) {
    for (const n of lex.negators) for (const w of words(n, 4)) negators.add(w);
    for (const t of lex.terms) {
      const prefix = t.term.trimEnd().endsWith("*");
      const ws = words(t.term.replace(/\*\s*$/, ""), 16);
      if (ws.length === 0) continue;
      const term: CompiledTerm = {
        id: `${lex.language}:${t.term}`,
        words: ws,
        prefix,
        kind: t.kind,
        weight: Math.min(1, Math.max(0, t.weight)),
        ignoresNegation: t.ignoresNegation ?? false,
        language: lex.language,
      };
      if (prefix && ws.length === 1) {
        const first = (ws[0] as string).charAt(0);
        const list = prefixes.get(first) ?? [];
        list.push(term);
        prefixes.set(first, list);
      }
      else {
        const list = byFirstWord.get(ws[0] as string) ?? [];
        list.push(term);
        byFirstWord.set(ws[0] as string, list);
      }
    }
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  const out = { byFirstWord, prefixes, negators };
  compiledCache.set(lexicons, out);
  return out;
}

function matchesAt(tokens: string[], i: number, term: CompiledTerm): boolean {
  const n = term.words.length;
  if (i + n > tokens.length) return false;
  for (let j = 0; j < n; j++) {
    const tok = tokens[i + j] as string;
    const want = term.words[j] as string;
    const last = j === n - 1;
    if (last && term.prefix ? !tok.startsWith(want) : tok !== want) return false;
  }
  return true;
}

function negatedAt(tokens: string[], i: number, negators: Set<string>): boolean {
  for (let k = i - 1; k >= Math.max(0, i - NEGATION_WINDOW); k--) {
    const tok = tokens[k] as string;
    if (tok === CLAUSE) return false;
    if (negators.has(tok)) return true;
  }
  return false;
}

/** Language-independent shouting cues on the raw (case-preserved) text. */
function patternCues(raw: string): Cue[] {
  const cues: Cue[] = [];
  const runs = raw.match(/[!！]{2,}|[!?！？]{3,}|\?!|!\?/g) ?? [];
  if (runs.length > 0) {
    const strong = runs.length >= 3 || runs.some((r) => r.length >= 3);
    cues.push({ kind: "anger", id: "pattern:exclamations", match: runs.slice(0, 3).join(" "), weight: strong ? 0.4 : 0.3 });
  }
  // Shouting: three or more ALL-CAPS words in a row with 10+ letters; lone acronyms (AWS VPN) are not.
  let run: string[] = [];
  let runChars = 0;
  let best: string[] = [];
  let bestChars = 0;
  for (const m of raw.matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    const upper = w.toUpperCase();
    if (upper === w.toLowerCase()) continue; // no letters with case
    if (w.length >= 2 && w === upper) {
      run.push(w);
      runChars += w.length;
    } else {
      run = [];
      runChars = 0;
    }
    if (runChars > bestChars) {
      best = [...run];
      bestChars = runChars;
    }
  }
  if (best.length >= 3 && bestChars >= 10) {
    cues.push({ kind: "anger", id: "pattern:all_caps", match: best.slice(0, 8).join(" "), weight: 0.4 });
  }
  return cues;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Detect anger and urgency in a ticket. Every lexicon runs on every ticket (language tags
 * are unreliable); empty or missing text gives zero scores and no cues.
 */
export function detectSentiment(input: SentimentInput, lexicons: readonly Lexicon[] = LEXICONS): SentimentResult {
  const subject = typeof input.subject === "string" ? input.subject : "";
  const body = typeof input.body === "string" ? input.body : "";
  const full = subject && body ? `${subject}\n${body}` : subject || body;
  const truncated = full.length > MAX_SCAN_CHARS;
  const raw = truncated ? full.slice(0, MAX_SCAN_CHARS) : full;
  const { byFirstWord, prefixes, negators } = compile(lexicons);
  const tokens = words(raw, MAX_SCAN_TOKENS, true);
  const fired = new Map<string, Cue>();
  const negated = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as string;
    // The longest phrase starting here wins ("cancel my contract" over "cancel"), then prefix terms.
    const hit = byFirstWord.get(tok)?.find((t) => matchesAt(tokens, i, t)) ?? prefixes.get(tok.charAt(0))?.find((p) => tok.startsWith(p.words[0] as string));
    if (!hit) continue;
    if (!hit.ignoresNegation && negatedAt(tokens, i, negators)) {
      negated.add(hit.id);
      continue;
    }
    if (!fired.has(hit.id)) {
      const match = tokens.slice(i, i + hit.words.length).join(" ");
      fired.set(hit.id, { kind: hit.kind, id: hit.id, language: hit.language, match, weight: hit.weight });
    }
  }
  for (const c of patternCues(raw)) fired.set(c.id, c);
  const cues = [...fired.values()].sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id));
  const combine = (kind: CueKind) => round3(1 - cues.filter((c) => c.kind === kind).reduce((p, c) => p * (1 - c.weight), 1));
  return { anger: combine("anger"), urgency: combine("urgency"), cues, negated: [...negated], truncated };
}
