import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { mulberry32 } from "../core/random.ts";

/**
 * A synthetic documentation corpus of any size for the knowledge benchmark: Markdown guides
 * of `sections` sections each (one chunk per section at ≈ 140 words), words drawn from a
 * 40k-word vocabulary with a Zipf law (s = 1.07, like English text), so posting lists have
 * realistic lengths: a few very common words, a long tail of rare ones. Deterministic.
 */
export interface SyntheticCorpus {
  dir: string;
  documents: number;
  /** Queries: 4–9 words of a random section, with one word in three swapped for a random one. */
  queries: string[];
}

const SYLLABLES = ["ka", "lo", "mi", "ter", "on", "ra", "ex", "pol", "sin", "du", "va", "cor", "mel", "ti", "ba", "ne", "qu", "ri", "sta", "gen"];

export async function writeSyntheticCorpus(dir: string, chunks: number, opts: { sections?: number; queries?: number; seed?: number } = {}): Promise<SyntheticCorpus> {
  const sections = opts.sections ?? 30;
  const rnd = mulberry32(opts.seed ?? 7);
  const vocab = Array.from({ length: 40_000 }, (_, i) => {
    let w = "";
    for (let n = i + 1; n > 0; n = Math.floor(n / SYLLABLES.length)) w += SYLLABLES[n % SYLLABLES.length];
    return w;
  });
  // Zipf sampling by inverse CDF over precomputed cumulative weights.
  const cdf = new Float64Array(vocab.length);
  let sum = 0;
  for (let i = 0; i < vocab.length; i++) cdf[i] = sum += 1 / (i + 1) ** 1.07;
  const word = () => {
    const x = rnd() * sum;
    let lo = 0, hi = vocab.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return vocab[lo] as string;
  };
  const words = (n: number) => Array.from({ length: n }, word).join(" ");
  await mkdir(dir, { recursive: true });
  // Each guide is its sections plus an intro and an outline chunk (knowledge/ingest/chunk.ts).
  const documents = Math.max(1, Math.round(chunks / (sections + 2)));
  const queries: string[] = [];
  const want = opts.queries ?? 200;
  for (let d = 0; d < documents; d++) {
    const parts = [`# ${words(3)}`, "", words(25), ""];
    for (let s = 0; s < sections; s++) {
      const text = words(140);
      parts.push(`## ${words(3)}`, "", text, "");
      if (queries.length < want && rnd() < (1.5 * want) / (documents * sections)) {
        const t = text.split(" ");
        const len = 4 + Math.floor(rnd() * 6);
        const at = Math.floor(rnd() * (t.length - len));
        queries.push(t.slice(at, at + len).map((w) => (rnd() < 1 / 3 ? word() : w)).join(" "));
      }
    }
    await writeFile(join(dir, `guide-${String(d).padStart(5, "0")}.md`), parts.join("\n"));
  }
  while (queries.length < want) queries.push(words(6));
  return { dir, documents, queries };
}
