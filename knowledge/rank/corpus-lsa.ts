import { fitLsa, type LsaModel, type LsaOptions } from "../lsa/model.ts";
import type { IndexChunk } from "./kb-index.ts";

/**
 * The knowledge base's LSA model, fitted on its distinct passages (the first chunk holding
 * each content key: a block repeated in 30 documents is fitted once, or it would become a
 * latent topic of its own), text plus title, summary and heading as context.
 */
export function fitCorpusLsa(chunks: readonly IndexChunk[], opts: Partial<LsaOptions> = {}): LsaModel {
  const seen = new Set<string>();
  const distinct: { text: string; context: string }[] = [];
  for (const c of [...chunks].sort((a, b) => Number(a.id) - Number(b.id) || (a.id < b.id ? -1 : 1))) {
    if (seen.has(c.contentKey)) continue;
    seen.add(c.contentKey);
    distinct.push({ text: c.content, context: [c.title, c.summary, c.heading].filter(Boolean).join("\n") });
  }
  return fitLsa(distinct, opts);
}
