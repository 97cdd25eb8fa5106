import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import type { Db } from "../db/pool.ts";
import { ingestPath, type IngestReport } from "../knowledge/index.ts";
import type { IngestDocument } from "./types.ts";

/**
 * Ingest documents posted to the API through the knowledge base's file ingestion: they are
 * written to a private temporary folder (names are validated as plain file names by the
 * route; text as UTF-8, `contentBase64` as the bytes it encodes, e.g. a PDF), ingested with
 * the given access labels, and the folder is removed.
 */
export async function ingestDocuments(db: Db, tenantId: string, documents: IngestDocument[], labels: string[]): Promise<IngestReport> {
  const dir = await mkdtemp(join(tmpdir(), "scenario-ingest-"));
  try {
    for (const doc of documents) {
      const file = extname(doc.name) ? doc.name : `${doc.name}.md`;
      if (doc.contentBase64 !== undefined) {
        // Bytes as posted (a PDF): the reader decides what they are and reports what it cannot read.
        await writeFile(join(dir, file), Buffer.from(doc.contentBase64, "base64"));
        continue;
      }
      const body = doc.text ?? "";
      const text = doc.title && !body.trimStart().startsWith("#") ? `# ${doc.title}\n\n${body}` : body;
      await writeFile(join(dir, file), text, "utf8");
    }
    return await ingestPath(db, dir, { tenantId, labels });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
