import type { Db } from "../../db/pool.ts";
import type { FittedRanker } from "../rank/fit.ts";
import type { KbScope } from "./documents.ts";
import { loadKb } from "./kb-cache.ts";
import type { LsaMeta } from "./model.ts";

/** What `scenario kb stats` shows: the corpus, the fitted model and the in-memory index. */
export interface KbStats {
  kb: string;
  documents: number;
  chunks: number;
  /** Undefined until the first ingest fitted one. */
  model?: {
    generation: number;
    version: string;
    updatedAt: string;
    lsa: LsaMeta | undefined;
    ranker: FittedRanker;
  };
  /** This process's copy: vocabulary per field and bytes held. */
  index?: { mainVocabulary: number; lsaDimensions: number; megabytes: number };
}

/** Counts, the stored model (weights, how they were fitted) and the index this process holds. */
export async function kbStats(db: Db, scope: KbScope): Promise<KbStats> {
  const { rows } = await db.pool.query<{ documents: number; chunks: number }>(
    `SELECT (SELECT count(*)::int FROM kb_documents WHERE tenant_id = $1 AND kb = $2) AS documents,
            (SELECT count(*)::int FROM kb_chunks WHERE tenant_id = $1 AND kb = $2) AS chunks`,
    [scope.tenantId, scope.kb],
  );
  const out: KbStats = { kb: scope.kb, documents: rows[0]?.documents ?? 0, chunks: rows[0]?.chunks ?? 0 };
  const loaded = await loadKb(db, scope);
  const { rows: m } = await db.pool.query<{ generation: string; version: string; updated_at: Date; lsa_meta: LsaMeta | Record<string, never>; ranker: FittedRanker }>(
    `SELECT generation::text, version, updated_at, lsa_meta, ranker FROM kb_models WHERE tenant_id = $1 AND kb = $2`,
    [scope.tenantId, scope.kb],
  );
  const r = m[0];
  if (r) {
    out.model = {
      generation: Number(r.generation),
      version: r.version,
      updatedAt: new Date(r.updated_at).toISOString(),
      lsa: "dimensions" in r.lsa_meta ? (r.lsa_meta as LsaMeta) : undefined,
      ranker: r.ranker,
    };
  }
  if (loaded) out.index = { mainVocabulary: loaded.index.main.vocabulary, lsaDimensions: loaded.index.lsaDims, megabytes: Math.round(loaded.index.bytes / 1e5) / 10 };
  return out;
}
