import type { Customer, Ticket } from "../../cases/schema.ts";
import { metaTerms, type TermOptions } from "./features.ts";
import { charNgrams, tokenize } from "./tokenize.ts";
import { pushBlock, pushIndexedBlock, type IndexedCounts, type SparseRow, type VocabIndex } from "./vectorize.ts";

/**
 * A ticket's feature row for prediction, straight from its tokens to feature ids.
 *
 * Same row as `vectorize(ticketTerms(...))` — same entries, same order, same arithmetic
 * (tested) — without building the named-term maps: each distinct word's ids (its
 * "word:" and "subject:" features and its character n-grams) are looked up once and cached
 * per model, and bigrams through a word → next word → id index, so a ticket costs a few
 * map lookups per token instead of string concatenation and two map operations per term.
 */

/** Words whose feature ids are remembered per model; the cache is emptied when full. */
const WORD_CACHE_SIZE = 50_000;

/** Feature ids of one distinct word (-1: not in the vocabulary). */
interface WordIds {
  word: number;
  subject: number;
  chars: Int32Array;
}

/** What a fitted model needs to featurize tickets; built once per model. */
export interface RowIndex {
  terms: TermOptions;
  vocab: VocabIndex;
  /** "bigram:a b" → id, as first word → second word → id. */
  bigrams: Map<string, Map<string, number>>;
  words: Map<string, WordIds>;
  /** One count per feature, all zero between tickets (prediction is synchronous). */
  scratch: Float64Array;
}

const BIGRAM = "bigram:";

export function rowIndex(terms: TermOptions, vocab: VocabIndex, features: number): RowIndex {
  const bigrams = new Map<string, Map<string, number>>();
  for (const [term, id] of vocab.blocks[0]) {
    if (!term.startsWith(BIGRAM)) continue;
    const space = term.indexOf(" ", BIGRAM.length);
    if (space < 0) continue;
    const first = term.slice(BIGRAM.length, space);
    let next = bigrams.get(first);
    if (!next) bigrams.set(first, (next = new Map()));
    next.set(term.slice(space + 1), id);
  }
  return { terms, vocab, bigrams, words: new Map(), scratch: new Float64Array(features) };
}

function idsOf(ix: RowIndex, w: string): WordIds {
  let hit = ix.words.get(w);
  if (hit) return hit;
  const found: number[] = [];
  if (ix.terms.chars && w !== "#num") {
    for (const g of charNgrams(w)) {
      const id = ix.vocab.blocks[1].get(g);
      if (id !== undefined) found.push(id);
    }
  }
  hit = {
    word: ix.vocab.blocks[0].get(`word:${w}`) ?? -1,
    subject: ix.vocab.blocks[0].get(`subject:${w}`) ?? -1,
    chars: Int32Array.from(found),
  };
  if (ix.words.size >= WORD_CACHE_SIZE) ix.words.clear();
  ix.words.set(w, hit);
  return hit;
}

/** Count `id` into the scratch array, remembering first-seen order. */
function count(ix: RowIndex, out: IndexedCounts, id: number): void {
  if (ix.scratch[id] === 0) out.ids.push(id);
  ix.scratch[id] = (ix.scratch[id] as number) + 1;
}

/** Move the counts out of the scratch array (leaving it zeroed). */
function drain(ix: RowIndex, out: IndexedCounts): IndexedCounts {
  for (const id of out.ids) {
    out.tf.push(ix.scratch[id] as number);
    ix.scratch[id] = 0;
  }
  return out;
}

export function ticketRow(ix: RowIndex, ticket: Ticket, customer: Customer | undefined): SparseRow {
  const opts = ix.terms;
  const subject = tokenize(ticket.subject, opts.maxTokens);
  const body = tokenize(ticket.body, Math.max(0, opts.maxTokens - subject.length));
  // One pass over the tokens fills both blocks (their feature ids are disjoint, so they share
  // the scratch counts). Word block: "word:" then the bigram ending at each token, subject
  // then body (a bigram never spans the two); then each distinct subject word once.
  // Character block: each occurrence of a word adds its n-grams (first-seen order and sums
  // equal counting each distinct word's n-grams times its count; `chars` is empty when the
  // model has no character block).
  const words: IndexedCounts = { ids: [], tf: [] };
  const chars: IndexedCounts = { ids: [], tf: [] };
  for (const tokens of [subject, body]) {
    for (let i = 0; i < tokens.length; i++) {
      const w = tokens[i] as string;
      const ids = idsOf(ix, w);
      if (ids.word >= 0) count(ix, words, ids.word);
      if (opts.bigrams && i > 0) {
        const bigram = ix.bigrams.get(tokens[i - 1] as string)?.get(w);
        if (bigram !== undefined) count(ix, words, bigram);
      }
      for (const id of ids.chars) count(ix, chars, id);
    }
  }
  if (opts.subjectWords) {
    for (const w of new Set(subject)) {
      const id = idsOf(ix, w).subject;
      if (id >= 0) count(ix, words, id);
    }
  }
  drain(ix, words);
  drain(ix, chars);
  const idx: number[] = [];
  const val: number[] = [];
  const v = ix.vocab;
  pushIndexedBlock(words, v, v.scales[0], idx, val);
  pushIndexedBlock(chars, v, v.scales[1], idx, val);
  const meta = opts.meta ? metaTerms(ticket, customer) : [];
  pushBlock(
    meta.map((t): [string, number] => [t, 1]),
    v.blocks[2],
    v,
    v.scales[2],
    idx,
    val,
  );
  return { idx: Int32Array.from(idx), val: Float64Array.from(val) };
}
