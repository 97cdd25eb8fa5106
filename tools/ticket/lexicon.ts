/**
 * Anger/frustration and urgency cues per language. Adding a language means adding one
 * entry to `LEXICONS`; the detector runs every lexicon on every ticket, because the
 * `language` field of real tickets is often wrong (English text tagged "de").
 *
 * A term is one or more words, written as people type them; the detector folds case,
 * umlauts (ü → ue) and accents on both sides. A trailing `*` on the LAST word makes it a
 * prefix, so German inflections and compounds match ("kündig*" → kündigen, Kündigung).
 */

/** What a cue says about the customer. */
export type CueKind = "anger" | "urgency";

export interface LexiconTerm {
  /** The words to find, e.g. "third time", "funktioniert nicht", "kündig*". */
  term: string;
  kind: CueKind;
  /** Strength in [0, 1]; cues are combined by noisy-OR, so one 0.6 cue scores 0.6. */
  weight: number;
  /**
   * True when a negator in front does not cancel the cue: phrases that contain a negation
   * themselves ("still not", "funktioniert nicht") and deadlines ("if it is not fixed today").
   */
  ignoresNegation?: boolean;
}

export interface Lexicon {
  /** ISO 639-1 code, reported with each cue. */
  language: string;
  terms: LexiconTerm[];
  /** Words that cancel a cue when they stand just before it ("not urgent", "nicht dringend"). */
  negators: string[];
}

const EN: Lexicon = {
  language: "en",
  negators: ["not", "no", "never", "dont", "don't", "doesnt", "isnt", "without", "nothing", "hardly"],
  terms: [
    // Anger and frustration.
    { term: "unacceptable", kind: "anger", weight: 0.6 },
    { term: "ridiculous", kind: "anger", weight: 0.5 },
    { term: "outrageous", kind: "anger", weight: 0.6 },
    { term: "disgusting", kind: "anger", weight: 0.6 },
    { term: "furious", kind: "anger", weight: 0.6 },
    { term: "angry", kind: "anger", weight: 0.5 },
    { term: "frustrated", kind: "anger", weight: 0.4 },
    { term: "frustrating", kind: "anger", weight: 0.4 },
    { term: "fed up", kind: "anger", weight: 0.5 },
    { term: "worst", kind: "anger", weight: 0.4 },
    { term: "terrible", kind: "anger", weight: 0.4 },
    { term: "useless", kind: "anger", weight: 0.4 },
    { term: "scam", kind: "anger", weight: 0.6 },
    { term: "lawyer", kind: "anger", weight: 0.7 },
    { term: "attorney", kind: "anger", weight: 0.7 },
    { term: "legal action", kind: "anger", weight: 0.7 },
    { term: "sue", kind: "anger", weight: 0.6 },
    { term: "refund immediately", kind: "anger", weight: 0.5 },
    // A cancellation alone is often routine ("cancel my newsletter subscription"): below the
    // default escalation threshold on its own, decisive together with any other cue.
    { term: "cancel", kind: "anger", weight: 0.35 },
    { term: "cancel my subscription", kind: "anger", weight: 0.45 },
    { term: "cancel my contract", kind: "anger", weight: 0.45 },
    { term: "cancel our contract", kind: "anger", weight: 0.45 },
    { term: "switch to a competitor", kind: "anger", weight: 0.6 },
    { term: "still not", kind: "anger", weight: 0.4, ignoresNegation: true },
    { term: "still no", kind: "anger", weight: 0.4, ignoresNegation: true },
    { term: "still waiting", kind: "anger", weight: 0.4 },
    { term: "third time", kind: "anger", weight: 0.5 },
    { term: "again and again", kind: "anger", weight: 0.4 },
    { term: "no one has responded", kind: "anger", weight: 0.4, ignoresNegation: true },
    { term: "nobody has responded", kind: "anger", weight: 0.4 },
    { term: "waste of time", kind: "anger", weight: 0.4 },
    // Urgency: time pressure, outages, things not working.
    { term: "urgent", kind: "urgency", weight: 0.5 },
    { term: "urgently", kind: "urgency", weight: 0.5 },
    { term: "asap", kind: "urgency", weight: 0.5 },
    { term: "as soon as possible", kind: "urgency", weight: 0.35 },
    { term: "immediately", kind: "urgency", weight: 0.45 },
    { term: "emergency", kind: "urgency", weight: 0.6 },
    { term: "critical", kind: "urgency", weight: 0.45 },
    { term: "outage", kind: "urgency", weight: 0.5 },
    { term: "down", kind: "urgency", weight: 0.3 },
    { term: "not working", kind: "urgency", weight: 0.35, ignoresNegation: true },
    { term: "doesn't work", kind: "urgency", weight: 0.35, ignoresNegation: true },
    { term: "does not work", kind: "urgency", weight: 0.35, ignoresNegation: true },
    { term: "broken", kind: "urgency", weight: 0.3 },
    { term: "production", kind: "urgency", weight: 0.15 },
    { term: "data loss", kind: "urgency", weight: 0.5 },
    { term: "security breach", kind: "urgency", weight: 0.6 },
    { term: "today", kind: "urgency", weight: 0.3, ignoresNegation: true },
    { term: "tonight", kind: "urgency", weight: 0.3, ignoresNegation: true },
    { term: "by tomorrow", kind: "urgency", weight: 0.3, ignoresNegation: true },
    { term: "deadline", kind: "urgency", weight: 0.3 },
    { term: "end of day", kind: "urgency", weight: 0.3 },
    { term: "eod", kind: "urgency", weight: 0.3 },
    ...["monday", "tuesday", "wednesday", "thursday", "friday"].map(
      (day): LexiconTerm => ({ term: `by ${day}`, kind: "urgency", weight: 0.25, ignoresNegation: true }),
    ),
  ],
};

const DE: Lexicon = {
  language: "de",
  negators: ["nicht", "kein", "keine", "keinen", "keiner", "nie", "niemals", "ohne"],
  terms: [
    { term: "inakzeptabel", kind: "anger", weight: 0.6 },
    { term: "unakzeptabel", kind: "anger", weight: 0.6 },
    { term: "frechheit", kind: "anger", weight: 0.7 },
    { term: "unverschämt*", kind: "anger", weight: 0.6 },
    { term: "skandal*", kind: "anger", weight: 0.6 },
    { term: "zumutung", kind: "anger", weight: 0.6 },
    { term: "verärgert", kind: "anger", weight: 0.5 },
    { term: "wütend", kind: "anger", weight: 0.6 },
    { term: "enttäuscht", kind: "anger", weight: 0.35 },
    { term: "frustriert*", kind: "anger", weight: 0.4 },
    { term: "ärgerlich", kind: "anger", weight: 0.4 },
    { term: "katastrophe", kind: "anger", weight: 0.5 },
    { term: "anwalt", kind: "anger", weight: 0.7 },
    { term: "rechtliche schritte", kind: "anger", weight: 0.7 },
    { term: "kündig*", kind: "anger", weight: 0.45 },
    { term: "immer noch nicht", kind: "anger", weight: 0.4, ignoresNegation: true },
    { term: "noch immer nicht", kind: "anger", weight: 0.4, ignoresNegation: true },
    { term: "immer noch kein*", kind: "anger", weight: 0.4, ignoresNegation: true },
    { term: "zum dritten mal", kind: "anger", weight: 0.5 },
    { term: "schon wieder", kind: "anger", weight: 0.35 },
    { term: "dringend*", kind: "urgency", weight: 0.5 },
    { term: "sofort*", kind: "urgency", weight: 0.45 },
    { term: "umgehend*", kind: "urgency", weight: 0.45 },
    { term: "schnellstmöglich", kind: "urgency", weight: 0.4 },
    { term: "so schnell wie möglich", kind: "urgency", weight: 0.35 },
    { term: "notfall", kind: "urgency", weight: 0.6 },
    { term: "kritisch*", kind: "urgency", weight: 0.45 },
    { term: "ausfall", kind: "urgency", weight: 0.5 },
    { term: "ausgefallen", kind: "urgency", weight: 0.5 },
    { term: "störung", kind: "urgency", weight: 0.4 },
    { term: "funktioniert nicht", kind: "urgency", weight: 0.35, ignoresNegation: true },
    { term: "funktioniert nicht mehr", kind: "urgency", weight: 0.4, ignoresNegation: true },
    { term: "geht nicht", kind: "urgency", weight: 0.3, ignoresNegation: true },
    { term: "datenverlust", kind: "urgency", weight: 0.5 },
    { term: "heute", kind: "urgency", weight: 0.3, ignoresNegation: true },
    { term: "bis morgen", kind: "urgency", weight: 0.3, ignoresNegation: true },
    { term: "frist*", kind: "urgency", weight: 0.3 },
    { term: "bis heute abend", kind: "urgency", weight: 0.3, ignoresNegation: true },
    ...["montag", "dienstag", "mittwoch", "donnerstag", "freitag"].map(
      (day): LexiconTerm => ({ term: `bis ${day}`, kind: "urgency", weight: 0.25, ignoresNegation: true }),
    ),
  ],
};

/** Every language the detector knows; extend by appending a lexicon. */
export const LEXICONS: readonly Lexicon[] = [EN, DE];
