import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { withTransaction, type Db } from "../../db/pool.ts";
import { AppError, errorMessage } from "../../core/errors.ts";
import type { Embedder } from "../embed/types.ts";
import { deleteDocuments, findDocument, listDocumentNames, relabelDocument, replaceDocument, type KbScope } from "../store/documents.ts";
import { rememberKb } from "../store/kb-cache.ts";
import { syncModel, type ModelSync } from "../store/model.ts";
import { dropIndexes, ensureIndex, listIndexes, refreshStats, syncEmbeddings } from "../store/vectors.ts";
import { DEFAULT_LIMITS, type ChunkLimits } from "../types.ts";
import { chunkDocument, summaryOf } from "./chunk.ts";
import { formatOf, readDocument } from "./read.ts";

/** Bump when chunking changes, so unchanged files are re-chunked once. */
const CHUNKER_VERSION = "c4";

export interface IngestOptions {
  tenantId: string;
  kb?: string | undefined;
  embedder: Embedder;
  /** Access labels for every document of this ingest; none = visible to everyone. */
  labels?: string[] | undefined;
  limits?: ChunkLimits | undefined;
  /** Delete documents of the kb that are not among this ingest's files (they were removed). */
  prune?: boolean | undefined;
  /** Progress: files read, then chunks embedded. */
  onProgress?: ((event: { phase: "files" | "embed"; done: number; total: number }) => void) | undefined;
}

export type FileStatus = "added" | "updated" | "unchanged" | "relabelled" | "skipped";

export interface IngestReport {
  files: { path: string; document?: string | undefined; status: FileStatus; chunks?: number | undefined; reason?: string | undefined }[];
  added: number;
  updated: number;
  unchanged: number;
  skipped: number;
  deleted: string[];
  /** Chunks given vectors in a dense embedder's pgvector index (0 for the local embedder: its BM25 lives in the in-memory index). */
  chunksEmbedded: number;
  embedder: string;
  /** The kb's ranking model: LSA projection and ranker refitted on the new corpus, or unchanged (knowledge/store/model.ts). */
  model?: ModelSync | undefined;
}

/** Files under a path: the file itself, or every file in the folder tree (hidden ones excluded). */
async function listFiles(path: string): Promise<string[]> {
  const s = await stat(path).catch((err: unknown) => {
    throw new AppError("NOT_FOUND", `Cannot read ${path}: ${errorMessage(err)}`, { path });
  });
  if (s.isFile()) return [path];
  const out: string[] = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

/**
 * Ingest a file or folder into a knowledge base. Unchanged files (same bytes, same chunker)
 * cost one lookup; a changed file's chunks are replaced in one transaction; files that
 * cannot be read are reported and skipped; then every chunk without a vector in the current
 * embedder's index is embedded (which is also how a model switch re-embeds).
 */
export async function ingestPath(db: Db, path: string, opts: IngestOptions): Promise<IngestReport> {
  const scope: KbScope = { tenantId: opts.tenantId, kb: opts.kb ?? "default" };
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const labels = [...new Set(opts.labels ?? [])].sort();
  const root = resolve(path);
  const all = await listFiles(root);
  const report: IngestReport = { files: [], added: 0, updated: 0, unchanged: 0, skipped: 0, deleted: [], chunksEmbedded: 0, embedder: opts.embedder.id };
  const seen = new Map<string, string>();
  let n = 0;
  for (const file of all) {
    n++;
    opts.onProgress?.({ phase: "files", done: n, total: all.length });
    const skip = (reason: string) => {
      report.files.push({ path: file, status: "skipped", reason });
      report.skipped++;
    };
    // In a folder, files of other types are not documents; named explicitly, they are an error to report.
    if (!formatOf(file) && all.length > 1) continue;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      skip(`unreadable: ${errorMessage(err)}`);
      continue;
    }
    const read = await readDocument(file, bytes);
    if (!read.ok) {
      skip(read.message);
      continue;
    }
    const other = seen.get(read.name);
    if (other) {
      skip(`duplicate document name "${read.name}" (also ${other})`);
      continue;
    }
    seen.set(read.name, file);
    const hash = `${read.hash}:${CHUNKER_VERSION}:${limits.maxWords}/${limits.overlapWords}`;
    const status = await withTransaction(db, async (q) => {
      const existing = await findDocument(q, scope, read.name);
      if (existing?.contentHash === hash) {
        if (existing.accessLabels.join(",") === labels.join(",")) return "unchanged" as const;
        await relabelDocument(q, existing.id, labels);
        return "relabelled" as const;
      }
      const chunks = chunkDocument(read.doc, limits);
      await replaceDocument(q, scope, { name: read.name, path: file, title: read.doc.title, summary: summaryOf(read.doc), format: read.format, accessLabels: labels, contentHash: hash, bytes: read.bytes, chunks });
      return existing ? ("updated" as const) : ("added" as const);
    });
    if (status === "added") report.added++;
    else if (status === "updated") report.updated++;
    else report.unchanged++;
    report.files.push({ path: file, document: read.name, status });
  }
  if (opts.prune) {
    const gone = (await listDocumentNames(db.pool, scope)).filter((name) => !seen.has(name));
    if (gone.length) report.deleted = await deleteDocuments(db.pool, scope, gone);
  }
  if (opts.embedder.kind === "dense") {
    const index = await ensureIndex(db, scope, opts.embedder);
    let embedded = 0;
    report.chunksEmbedded = await syncEmbeddings(db, scope, index, opts.embedder, (batch, total) => {
      embedded += batch;
      opts.onProgress?.({ phase: "embed", done: embedded, total });
    });
  } else {
    // The local embedder's BM25 is computed in memory from the chunks: no vectors to store.
    await dropIndexes(db.pool, scope);
  }
  const changed = report.added + report.updated + report.deleted.length > 0;
  report.model = await syncModelCached(db, scope, changed || report.chunksEmbedded > 0);
  return report;
}

/** Refit the kb's model when its chunks changed, and keep the index just built in this process's cache. */
async function syncModelCached(db: Db, scope: KbScope, changed: boolean): Promise<ModelSync> {
  return syncModel(db, scope, {
    changed,
    onIndex: (generation, index, ranker) => {
      index.releaseText();
      rememberKb(db, scope, { generation, index, weights: ranker.weights });
    },
  });
}

/** Delete documents by name from a knowledge base (chunks and vectors go with them). */
export async function deleteKnowledgeDocuments(db: Db, scope: KbScope, names: string[]): Promise<string[]> {
  const deleted = await deleteDocuments(db.pool, scope, names);
  // Document frequencies must forget the deleted chunks, or rare terms would stay "common".
  if (deleted.length) for (const index of await listIndexes(db.pool, scope)) await refreshStats(db.pool, index);
  // Documents gone is a corpus change like any other: the ranker is refitted, LSA if it drifted.
  if (deleted.length) await syncModelCached(db, scope, true);
  return deleted;
}
