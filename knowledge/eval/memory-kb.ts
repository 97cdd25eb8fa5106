/**
 * A knowledge base built in memory from corpus files, with exactly the chunks, content keys,
 * LSA fit and index the database path builds (no database): what the LOCO protocol and the
 * research runs rank with, fast enough to try a configuration on five corpora in a minute.
 */
import { createHash } from "node:crypto";
import { chunkDocument, summaryOf } from "../ingest/chunk.ts";
import { fitCorpusLsa } from "../rank/corpus-lsa.ts";
import { type IndexChunk, KbIndex } from "../rank/kb-index.ts";
import { DEFAULT_LIMITS } from "../types.ts";
import type { CorpusDoc } from "./baseline.ts";

/** kb_chunks.content_key in JS: md5 of the whitespace-normalised, trimmed content. */
export function contentKey(content: string): string {
  return createHash("md5").update(content.replace(/\s+/g, " ").trim()).digest("hex");
}

/** The chunks `kb ingest` would store for these documents (ids in ingest order). */
export function corpusChunks(docs: CorpusDoc[]): IndexChunk[] {
  let id = 0;
  return docs.flatMap((d) => {
    const summary = summaryOf(d.doc);
    return chunkDocument(d.doc, DEFAULT_LIMITS).map((c) => ({
      id: String(++id),
      document: d.name,
      title: d.doc.title,
      summary,
      heading: c.heading,
      content: c.content,
      contentKey: contentKey(c.content),
      labels: [],
    }));
  });
}

/** The in-memory index with its LSA model fitted, as after an ingest. */
export function memoryIndex(docs: CorpusDoc[]): KbIndex {
  const chunks = corpusChunks(docs);
  return new KbIndex(chunks, fitCorpusLsa(chunks));
}
