/**
 * Training queries a knowledge base writes about itself: passages sampled from its own
 * chunks, turned into short queries whose answer (the chunk's document) is known. No
 * labels, no questions file: the corpus supplies the signal, so every knowledge base gets
 * weights fitted to its own shape (long guides or short reference pages, prose or syntax).
 */
import { mulberry32 } from "../../core/random.ts";
import { analyze } from "./analyze.ts";
import type { KbIndex } from "./kb-index.ts";

/**
 * How a passage becomes a query:
 * - `sentence`: one of its sentences, cut to a question's length (6–14 words);
 * - `keywords`: 3–5 of its most distinctive words (highest TF × IDF), in text order;
 * - `masked`: a `sentence` query asked with the passage itself hidden, so the document must
 *   be found through its other passages, its title and its topic (as for a question that
 *   does not reuse the answer's wording);
 * - `mix`: a third of each.
 */
export type Recipe = "sentence" | "keywords" | "masked" | "mix";

export interface PseudoQuery {
  text: string;
  /** Chunk it was drawn from; its document is the answer. */
  chunk: number;
  /** Hide this chunk while answering (masked), or −1. */
  exclude: number;
}

const MIN_WORDS = 20;

/** Sentences of a passage (split at sentence ends and line breaks), with their words. */
function sentences(text: string): string[][] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.match(/\S+/g) ?? [])
    .filter((w) => w.length >= 6);
}

/**
 * `count` pseudo-queries drawn evenly at random (seeded) from chunks of at least MIN_WORDS
 * words whose text belongs to one document only (a passage shared by several has no single
 * answer).
 */
export function pseudoQueries(ix: KbIndex, recipe: Recipe, count: number, seed = 1): PseudoQuery[] {
  const rnd = mulberry32(seed);
  const pool: number[] = [];
  ix.chunks.forEach((c, i) => {
    if ((ix.share[i] as number) === 1 && c.content.split(/\s+/).length >= MIN_WORDS) pool.push(i);
  });
  const out: PseudoQuery[] = [];
  for (let tries = 0; out.length < count && tries < count * 4 && pool.length > 0; tries++) {
    const chunk = pool[Math.floor(rnd() * pool.length)] as number;
    const kind: Exclude<Recipe, "mix"> = recipe === "mix" ? (["sentence", "keywords", "masked"] as const)[out.length % 3] as Exclude<Recipe, "mix"> : recipe;
    const text = kind === "keywords" ? keywords(ix, chunk, rnd) : sentenceQuery(ix, chunk, rnd);
    if (text) out.push({ text, chunk, exclude: kind === "masked" ? chunk : -1 });
  }
  return out;
}

function sentenceQuery(ix: KbIndex, chunk: number, rnd: () => number): string | undefined {
  const ss = sentences(ix.chunks[chunk]?.content ?? "");
  const s = ss[Math.floor(rnd() * ss.length)];
  if (!s) return undefined;
  const len = Math.min(s.length, 6 + Math.floor(rnd() * 9));
  const start = Math.floor(rnd() * (s.length - len + 1));
  return s.slice(start, start + len).join(" ");
}

function keywords(ix: KbIndex, chunk: number, rnd: () => number): string | undefined {
  const raw = ix.chunks[chunk]?.content.match(/[\p{L}\p{N}][\p{L}\p{N}_-]*/gu) ?? [];
  const scored = new Map<string, number>();
  const firstAt = new Map<string, number>();
  raw.forEach((w, i) => {
    const stem = analyze(w).words[0];
    if (!stem) return;
    if (!firstAt.has(w.toLowerCase())) firstAt.set(w.toLowerCase(), i);
    scored.set(w.toLowerCase(), (scored.get(w.toLowerCase()) ?? 0) + ix.main.idf(stem));
  });
  const top = [...scored.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 8);
  if (top.length < 3) return undefined;
  const take = 3 + Math.floor(rnd() * 3);
  const picked = top.filter(() => rnd() < take / top.length).slice(0, take);
  if (picked.length < 2) return undefined;
  return picked.sort((a, b) => (firstAt.get(a[0]) ?? 0) - (firstAt.get(b[0]) ?? 0)).map(([w]) => w).join(" ");
}
