import type { Queryable } from "../../db/pool.ts";
import type { ChunkDraft, DocFormat } from "../types.ts";
import { archiveChunks } from "./citations.ts";

/** Where a document lives: tenant and knowledge-base name. */
export interface KbScope {
  tenantId: string;
  kb: string;
}

export interface StoredDocument {
  id: string;
  name: string;
  contentHash: string;
  accessLabels: string[];
}

const SELECT_DOC = `SELECT id::text, name, content_hash, access_labels FROM kb_documents WHERE tenant_id = $1 AND kb = $2 AND name = $3`;

/** The stored version of a document, if any. */
export async function findDocument(q: Queryable, scope: KbScope, name: string): Promise<StoredDocument | undefined> {
  const { rows } = await q.query<{ id: string; name: string; content_hash: string; access_labels: string[] }>(SELECT_DOC, [scope.tenantId, scope.kb, name]);
  const r = rows[0];
  return r && { id: r.id, name: r.name, contentHash: r.content_hash, accessLabels: r.access_labels };
}

export interface NewDocument {
  name: string;
  path: string;
  title: string;
  summary: string;
  format: DocFormat;
  accessLabels: string[];
  contentHash: string;
  bytes: number;
  chunks: ChunkDraft[];
}

/**
 * Write a document and its chunks, replacing any previous version's chunks (their vectors
 * go with them by cascade). Call inside a transaction so a reader never sees half a document.
 */
export async function replaceDocument(q: Queryable, scope: KbScope, doc: NewDocument): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO kb_documents (tenant_id, kb, name, path, title, format, access_labels, content_hash, bytes, chunk_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (tenant_id, kb, name) DO UPDATE SET path = EXCLUDED.path, title = EXCLUDED.title, format = EXCLUDED.format,
       access_labels = EXCLUDED.access_labels, content_hash = EXCLUDED.content_hash, bytes = EXCLUDED.bytes,
       chunk_count = EXCLUDED.chunk_count, ingested_at = now()
     RETURNING id::text`,
    [scope.tenantId, scope.kb, doc.name, doc.path, doc.title, doc.format, doc.accessLabels, doc.contentHash, doc.bytes, doc.chunks.length],
  );
  const id = rows[0]?.id as string;
  // Old chunks may be cited by decisions: archived under their ids before they go.
  await archiveChunks(q, { documentIds: [id] });
  await q.query(`DELETE FROM kb_chunks WHERE document_id = $1`, [id]);
  const c = doc.chunks;
  await q.query(
    `INSERT INTO kb_chunks (tenant_id, kb, document_id, document_name, title, summary, access_labels, ordinal, heading_path, heading, content, words)
     SELECT $1, $2, $3, $4, $5, $12, $6, o, string_to_array(hp, chr(31)), h, ct, w
     FROM unnest($7::int[], $8::text[], $9::text[], $10::text[], $11::int[]) AS t(o, hp, h, ct, w)`,
    [
      scope.tenantId,
      scope.kb,
      id,
      doc.name,
      doc.title,
      doc.accessLabels,
      c.map((x) => x.ordinal),
      // Heading paths travel as unit-separator-joined text: unnest cannot take ragged arrays.
      c.map((x) => x.headingPath.join("\u001f")),
      c.map((x) => x.heading),
      c.map((x) => x.content),
      c.map((x) => x.words),
      doc.summary,
    ],
  );
  return id;
}

/** Change a document's access labels without re-chunking (its content did not change). */
export async function relabelDocument(q: Queryable, documentId: string, labels: string[]): Promise<void> {
  await q.query(`UPDATE kb_documents SET access_labels = $2 WHERE id = $1`, [documentId, labels]);
  await q.query(`UPDATE kb_chunks SET access_labels = $2 WHERE document_id = $1`, [documentId, labels]);
}

/** Delete documents by name (chunks archived for citations, then chunks and vectors cascade); returns the names deleted. */
export async function deleteDocuments(q: Queryable, scope: KbScope, names: string[]): Promise<string[]> {
  const { rows: ids } = await q.query<{ id: string }>(`SELECT id::text FROM kb_documents WHERE tenant_id = $1 AND kb = $2 AND name = ANY($3)`, [scope.tenantId, scope.kb, names]);
  await archiveChunks(q, { documentIds: ids.map((r) => r.id) });
  const { rows } = await q.query<{ name: string }>(
    `DELETE FROM kb_documents WHERE tenant_id = $1 AND kb = $2 AND name = ANY($3) RETURNING name`,
    [scope.tenantId, scope.kb, names],
  );
  return rows.map((r) => r.name);
}

/** Names of every document in a knowledge base. */
export async function listDocumentNames(q: Queryable, scope: KbScope): Promise<string[]> {
  const { rows } = await q.query<{ name: string }>(`SELECT name FROM kb_documents WHERE tenant_id = $1 AND kb = $2 ORDER BY name`, [scope.tenantId, scope.kb]);
  return rows.map((r) => r.name);
}
