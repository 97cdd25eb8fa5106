import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import type { Db } from "../db/pool.ts";
import { ingestPath, type IngestReport } from "../knowledge/index.ts";
import type { IngestDocument } from "./types.ts";

/**
 * Ingest documents posted to the API through the knowledge base's file ingestion: they are
 * written to a private temporary folder (names are validated as plain file names by the
 * route), ingested with the given access labels, and the folder is removed.
 */
export async function ingestDocuments(db: Db, tenantId: string, documents: IngestDocument[], labels: string[]): Promise<IngestReport> {
  const dir = await mkdtemp(join(tmpdir(), "scenario-ingest-"));
  try {
    for (const doc of documents) {
      const file = extname(doc.name) ? doc.name : `${doc.name}.md`;
      const text = doc.title && !doc.text.trimStart().startsWith("#") ? `# ${doc.title}\n\n${doc.text}` : doc.text;
      await writeFile(join(dir, file), text, "utf8");
    }
    return await ingestPath(db, dir, { tenantId, labels });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
