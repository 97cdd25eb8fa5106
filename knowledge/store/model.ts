/**
 * A knowledge base's ranking model in the database (kb_models): the LSA projection, the
 * ranker fitted on the kb's own pseudo-queries, and a generation every change bumps.
 *
 * Life cycle (`syncModel`, at the end of every ingest and delete that changed chunks):
 * - the LSA projection is refitted when there is none, its version changed, or more than
 *   REFIT_DRIFT of the chunks were added or removed since the fit; otherwise it is kept and
 *   new chunks are folded in with it when the index is built;
 * - the ranker is refitted every time (seconds at documentation scale), on the index that
 *   the new chunks and that projection make;
 * - the row is written with a new generation, and the index just built is handed to this
 *   process's cache, so the ingesting process never rebuilds it.
 */
import type { Db, Queryable } from "../../db/pool.ts";
import { LSA_VERSION, type LsaModel } from "../lsa/model.ts";
import { fitCorpusLsa } from "../rank/corpus-lsa.ts";
import { fitKbRanker, FIT_DEFAULTS, type FitConfig, type FittedRanker } from "../rank/fit.ts";
import { type IndexChunk, KbIndex } from "../rank/kb-index.ts";
import type { KbScope } from "./documents.ts";
import { decodeLsa, encodeLsa } from "./lsa-blob.ts";

/** Bump when features, the index or the fit change: stored models of another version are refitted. */
export const MODEL_VERSION = `rank-v1+${LSA_VERSION}`;

/** Share of the chunks added or removed since the LSA fit beyond which it is refitted. */
export const REFIT_DRIFT = 0.2;

export interface LsaMeta {
  dimensions: number;
  fittedOn: number;
  chunksAtFit: number;
  maxChunkIdAtFit: number;
  fittedAt: string;
}

export interface StoredModel {
  generation: number;
  version: string;
  lsa: LsaModel | undefined;
  lsaMeta: LsaMeta | undefined;
  ranker: FittedRanker;
}

/** What `syncModel` did. */
export interface ModelSync {
  action: "fitted" | "unchanged" | "none";
  /** The LSA projection: refitted, kept (new chunks folded in), or none (too few passages). */
  lsa: "fitted" | "kept" | "none";
  chunks: number;
  dimensions: number;
  generation: number;
  ranker?: FittedRanker | undefined;
  ms: number;
}

type ModelRow = { generation: string; version: string; lsa: Uint8Array | null; lsa_meta: LsaMeta | Record<string, never>; ranker: FittedRanker };

/** The kb's generation only (one small read per search: is this process's copy current?). */
export async function modelGeneration(q: Queryable, scope: KbScope): Promise<number | undefined> {
  const { rows } = await q.query<{ generation: string }>(`SELECT generation::text FROM kb_models WHERE tenant_id = $1 AND kb = $2`, [scope.tenantId, scope.kb]);
  return rows[0] ? Number(rows[0].generation) : undefined;
}

/** The stored model, LSA decoded. */
export async function loadModel(q: Queryable, scope: KbScope): Promise<StoredModel | undefined> {
  const { rows } = await q.query<ModelRow>(`SELECT generation::text, version, lsa, lsa_meta, ranker FROM kb_models WHERE tenant_id = $1 AND kb = $2`, [scope.tenantId, scope.kb]);
  const r = rows[0];
  if (!r) return undefined;
  const meta = "dimensions" in r.lsa_meta ? (r.lsa_meta as LsaMeta) : undefined;
  return { generation: Number(r.generation), version: r.version, lsa: r.lsa ? decodeLsa(r.lsa) : undefined, lsaMeta: meta, ranker: r.ranker };
}

type ChunkRow = { id: string; document_name: string; title: string; summary: string; heading: string; content: string; content_key: string; access_labels: string[] };

/** Every chunk of the kb, as the index needs it. */
export async function loadChunks(q: Queryable, scope: KbScope): Promise<IndexChunk[]> {
  const { rows } = await q.query<ChunkRow>(
    `SELECT id::text, document_name, title, summary, heading, content, content_key, access_labels FROM kb_chunks WHERE tenant_id = $1 AND kb = $2 ORDER BY id`,
    [scope.tenantId, scope.kb],
  );
  return rows.map((r) => ({ id: r.id, document: r.document_name, title: r.title, summary: r.summary, heading: r.heading, content: r.content, contentKey: r.content_key, labels: r.access_labels }));
}

/** Whether the stored LSA projection still fits these chunks (see the module comment). */
function lsaStillFits(stored: StoredModel | undefined, chunks: IndexChunk[]): boolean {
  const m = stored?.lsaMeta;
  if (!stored?.lsa || !m || stored.version !== MODEL_VERSION) return false;
  const added = chunks.filter((c) => Number(c.id) > m.maxChunkIdAtFit).length;
  const removed = Math.max(0, m.chunksAtFit - (chunks.length - added));
  return (added + removed) / Math.max(1, m.chunksAtFit) <= REFIT_DRIFT;
}

/**
 * Bring the kb's model up to date. `changed` says the chunks changed since the last sync
 * (an unchanged kb with a current model is left alone). Returns what was done and, through
 * `onIndex`, the index built, for the caller's cache.
 */
export async function syncModel(
  db: Db,
  scope: KbScope,
  o: { changed: boolean; fit?: FitConfig | undefined; onIndex?: ((generation: number, index: KbIndex, ranker: FittedRanker) => void) | undefined },
): Promise<ModelSync> {
  const t0 = performance.now();
  const stored = await loadModel(db.pool, scope);
  const done = (s: Omit<ModelSync, "ms">): ModelSync => ({ ...s, ms: Math.round(performance.now() - t0) });
  if (!o.changed && stored && stored.version === MODEL_VERSION) {
    return done({ action: "unchanged", lsa: stored.lsa ? "kept" : "none", chunks: 0, dimensions: stored.lsa?.dimensions ?? 0, generation: stored.generation });
  }
  const chunks = await loadChunks(db.pool, scope);
  if (chunks.length === 0) {
    await db.pool.query(`DELETE FROM kb_models WHERE tenant_id = $1 AND kb = $2`, [scope.tenantId, scope.kb]);
    return done({ action: "none", lsa: "none", chunks: 0, dimensions: 0, generation: 0 });
  }
  const keep = lsaStillFits(stored, chunks);
  let lsa = keep ? stored?.lsa : fitCorpusLsa(chunks);
  if (lsa && lsa.dimensions === 0) lsa = undefined;
  const meta: LsaMeta | undefined = keep
    ? stored?.lsaMeta
    : lsa && { dimensions: lsa.dimensions, fittedOn: lsa.fittedOn, chunksAtFit: chunks.length, maxChunkIdAtFit: chunks.reduce((m, c) => Math.max(m, Number(c.id)), 0), fittedAt: new Date().toISOString() };
  const index = new KbIndex(chunks, lsa);
  const ranker = fitKbRanker(index, o.fit ?? FIT_DEFAULTS);
  const { rows } = await db.pool.query<{ generation: string }>(
    `INSERT INTO kb_models (tenant_id, kb, generation, version, lsa, lsa_meta, ranker)
     VALUES ($1, $2, nextval('kb_model_generation'), $3, $4, $5, $6)
     ON CONFLICT (tenant_id, kb) DO UPDATE SET generation = EXCLUDED.generation, version = EXCLUDED.version,
       lsa = CASE WHEN $7 THEN kb_models.lsa ELSE EXCLUDED.lsa END, lsa_meta = EXCLUDED.lsa_meta, ranker = EXCLUDED.ranker, updated_at = now()
     RETURNING generation::text`,
    [scope.tenantId, scope.kb, MODEL_VERSION, keep || !lsa ? null : encodeLsa(lsa), JSON.stringify(meta ?? {}), JSON.stringify(ranker), keep],
  );
  const generation = Number(rows[0]?.generation);
  o.onIndex?.(generation, index, ranker);
  return done({ action: "fitted", lsa: keep ? "kept" : lsa ? "fitted" : "none", chunks: chunks.length, dimensions: lsa?.dimensions ?? 0, generation, ranker });
}
