/**
 * Citations that hold across re-ingests. A decision record keeps the chunk ids it cited; a
 * re-ingest of a changed document replaces its chunks, and deleting a document removes them.
 * Before either, the old chunk rows are archived (kb_chunk_archive, same ids), so a cited id
 * always resolves: to the live passage, or to the text that was cited, with the live passage
 * holding the same text when the document still has one.
 */
import type { Queryable } from "../../db/pool.ts";

/** A cited passage as it can be shown today. */
export interface ResolvedCitation {
  /** current: the chunk is live; replaced: it was re-ingested or deleted, and this is the text that was cited. */
  status: "current" | "replaced";
  chunkId: string;
  document: string;
  title: string;
  heading: string;
  content: string;
  /** For a replaced chunk: the live chunk of the same document with the same text, if any. */
  currentChunkId?: string | undefined;
  replacedAt?: string | undefined;
}

/** Archive the chunks about to be deleted (a document replaced or removed). Call in the same transaction as the delete. */
export async function archiveChunks(q: Queryable, where: { documentIds: string[] }): Promise<void> {
  if (where.documentIds.length === 0) return;
  await q.query(
    `INSERT INTO kb_chunk_archive (id, tenant_id, kb, document_name, title, heading, content, content_key)
     SELECT id, tenant_id, kb, document_name, title, heading, content, content_key FROM kb_chunks WHERE document_id = ANY($1::bigint[])
     ON CONFLICT (id) DO NOTHING`,
    [where.documentIds],
  );
}

type Row = { id: string; document_name: string; title: string; heading: string; content: string; content_key: string; replaced_at: Date | null; live: string | null };

/** Resolve cited chunk ids (unknown ids are left out). */
export async function resolveCitations(q: Queryable, scope: { tenantId: string; kb: string }, chunkIds: string[]): Promise<ResolvedCitation[]> {
  const ids = chunkIds.filter((id) => /^\d+$/.test(id));
  if (ids.length === 0) return [];
  const { rows } = await q.query<Row>(
    `SELECT c.id::text, c.document_name, c.title, c.heading, c.content, c.content_key, NULL::timestamptz AS replaced_at, c.id::text AS live
       FROM kb_chunks c WHERE c.tenant_id = $1 AND c.kb = $2 AND c.id = ANY($3::bigint[])
     UNION ALL
     SELECT a.id::text, a.document_name, a.title, a.heading, a.content, a.content_key, a.replaced_at,
            (SELECT min(c.id)::text FROM kb_chunks c WHERE c.tenant_id = a.tenant_id AND c.kb = a.kb AND c.document_name = a.document_name AND c.content_key = a.content_key)
       FROM kb_chunk_archive a WHERE a.tenant_id = $1 AND a.kb = $2 AND a.id = ANY($3::bigint[])
         AND NOT EXISTS (SELECT 1 FROM kb_chunks c WHERE c.id = a.id)`,
    [scope.tenantId, scope.kb, ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const replaced = r.replaced_at !== null;
    return [{
      status: replaced ? ("replaced" as const) : ("current" as const),
      chunkId: r.id,
      document: r.document_name,
      title: r.title,
      heading: r.heading,
      content: r.content,
      ...(replaced ? { currentChunkId: r.live ?? undefined, replacedAt: new Date(r.replaced_at as Date).toISOString() } : {}),
    }];
  });
}
