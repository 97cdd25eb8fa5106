import type { Customer, Ticket } from "../../cases/schema.ts";
import { charNgrams, MAX_TOKENS, tokenize } from "./tokenize.ts";

/**
 * Turning a ticket into named terms. Names are what a person reads in `topFactors`
 * ("word:rechnung", "bigram:charged twice", "char:_rech"), so they stay readable.
 */

/** Term counts of one ticket, in three blocks that are weighted and normalised apart. */
export interface TicketTerms {
  /** Word unigrams and bigrams (subject and body). */
  words: Map<string, number>;
  /** Character n-grams inside words, "_" marking a word boundary ("_rech"); named "char:_rech". */
  chars: Map<string, number>;
  /** Structured context: language, channel, customer tier, attribute values (each once). */
  meta: string[];
  /** Distinct word tokens with their counts (what the character n-grams are cut from). */
  tokens: Map<string, number>;
}

/** Which term families to extract; part of the model parameters. */
export interface TermOptions {
  bigrams: boolean;
  chars: boolean;
  /** Subject words also count as "subject:x", since a subject is a summary. */
  subjectWords: boolean;
  meta: boolean;
  maxTokens: number;
}

export const DEFAULT_TERM_OPTIONS: TermOptions = {
  bigrams: true,
  chars: true,
  subjectWords: true,
  meta: true,
  maxTokens: MAX_TOKENS,
};

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** A short, readable value for a meta term; long free text is not a category. */
function metaValue(v: unknown): string | undefined {
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number" && Number.isFinite(v)) {
    // Order of magnitude: "arr~1e4". Generic for any numeric column, robust to outliers.
    if (v === 0) return "0";
    const sign = v < 0 ? "-" : "";
    return `${sign}1e${Math.floor(Math.log10(Math.abs(v)))}`;
  }
  if (typeof v === "string") {
    const s = v.trim().toLowerCase();
    return s.length > 0 && s.length <= 40 ? s : undefined;
  }
  return undefined;
}

/** Structured context terms of a ticket ("lang=de", "tier=gold"), each once, sorted. */
export function metaTerms(ticket: Ticket, customer: Customer | undefined): string[] {
  const out = new Set<string>();
  const add = (name: string, v: unknown) => {
    const value = metaValue(v);
    if (value !== undefined) out.add(`${name}=${value}`);
  };
  add("lang", ticket.language);
  add("channel", ticket.channel);
  for (const [k, v] of Object.entries(ticket.attributes ?? {})) add(`ticket.${k}`, v);
  if (customer) {
    add("tier", customer.tier);
    add("arr", customer.arr);
    for (const [k, v] of Object.entries(customer.attributes ?? {})) add(`customer.${k}`, v);
  }
  return [...out].sort();
}

/**
 * All terms of a ticket. Subject and body are tokenised apart (a bigram never spans the
 * two), and together they share the `maxTokens` budget, subject first.
 */
export function ticketTerms(
  ticket: Ticket,
  customer?: Customer,
  opts: TermOptions = DEFAULT_TERM_OPTIONS,
): TicketTerms {
  const subject = tokenize(ticket.subject, opts.maxTokens);
  const body = tokenize(ticket.body, Math.max(0, opts.maxTokens - subject.length));
  const words = new Map<string, number>();
  const chars = new Map<string, number>();
  const wordCounts = new Map<string, number>();
  for (const tokens of [subject, body]) {
    for (let i = 0; i < tokens.length; i++) {
      const w = tokens[i] as string;
      bump(words, `word:${w}`);
      bump(wordCounts, w);
      if (opts.bigrams && i > 0) bump(words, `bigram:${tokens[i - 1] as string} ${w}`);
    }
  }
  if (opts.subjectWords) for (const w of new Set(subject)) bump(words, `subject:${w}`);
  if (opts.chars) {
    // Each distinct word is split once; its n-grams count as often as the word occurs.
    for (const [w, n] of wordCounts) {
      if (w === "#num") continue;
      for (const g of charNgrams(w)) bump(chars, g, n);
    }
  }
  return { words, chars, meta: opts.meta ? metaTerms(ticket, customer) : [], tokens: wordCounts };
}
