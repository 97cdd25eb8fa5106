/**
 * This process's copies of knowledge bases, ready to rank: the in-memory index and the
 * fitted weights, per database handle and kb, tagged with the generation they were built
 * from. Each search reads the kb's generation (one small query) and rebuilds only when
 * another process (or an ingest here) changed the kb. A few kbs are kept, least recently
 * used dropped first: an index costs memory in proportion to its corpus.
 */
import type { Db } from "../../db/pool.ts";
import type { Feature } from "../rank/features.ts";
import { PRIORS, type FittedRanker } from "../rank/fit.ts";
import { KbIndex } from "../rank/kb-index.ts";
import type { KbScope } from "./documents.ts";
import { loadChunks, loadModel, modelGeneration, syncModel } from "./model.ts";

/** A kb ready to rank. */
export interface LoadedKb {
  generation: number;
  index: KbIndex;
  weights: Record<Feature, number>;
}

/** Knowledge bases kept per database handle. */
export const MAX_CACHED_KBS = 8;

const caches = new WeakMap<Db, Map<string, LoadedKb>>();
const loading = new WeakMap<Db, Map<string, Promise<LoadedKb | undefined>>>();
const keyOf = (s: KbScope) => `${s.tenantId}\u0000${s.kb}`;

function cacheOf(db: Db): Map<string, LoadedKb> {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new Map()));
  return c;
}

/** Keep a freshly built index (the ingest hands over what it just fitted). */
export function rememberKb(db: Db, scope: KbScope, kb: LoadedKb): void {
  const c = cacheOf(db);
  c.delete(keyOf(scope));
  c.set(keyOf(scope), kb);
  while (c.size > MAX_CACHED_KBS) c.delete(c.keys().next().value as string);
}

/** Forget every kb of a handle (the benchmark's "fresh process" on the one-session embedded database). */
export function forgetAll(db: Db): void {
  caches.delete(db);
}

/** Forget a kb (deleted, or its model dropped). */
export function forgetKb(db: Db, scope: KbScope): void {
  cacheOf(db).delete(keyOf(scope));
}

/** This process's copy as it is, unchecked (the caller confirms the generation in its own next query). */
export function peekKb(db: Db, scope: KbScope): LoadedKb | undefined {
  return cacheOf(db).get(keyOf(scope));
}

/**
 * The kb ready to rank, or undefined when it has no chunks. A kb with chunks but no model
 * yet (ingested before models existed) gets one fitted now, once.
 */
export async function loadKb(db: Db, scope: KbScope): Promise<LoadedKb | undefined> {
  const key = keyOf(scope);
  const generation = await modelGeneration(db.pool, scope);
  const cached = cacheOf(db).get(key);
  if (cached && generation !== undefined && cached.generation === generation) {
    rememberKb(db, scope, cached); // most recently used
    return cached;
  }
  let inflight = loading.get(db);
  if (!inflight) loading.set(db, (inflight = new Map()));
  const pending = inflight.get(key);
  if (pending) return pending;
  const p = build(db, scope, generation).finally(() => inflight.delete(key));
  inflight.set(key, p);
  return p;
}

async function build(db: Db, scope: KbScope, generation: number | undefined): Promise<LoadedKb | undefined> {
  if (generation === undefined) {
    let fitted: LoadedKb | undefined;
    await syncModel(db, scope, {
      changed: true,
      onIndex: (g, index, r) => {
        index.releaseText();
        fitted = { generation: g, index, weights: r.weights };
      },
    });
    if (fitted) rememberKb(db, scope, fitted);
    return fitted;
  }
  const [model, chunks] = await Promise.all([loadModel(db.pool, scope), loadChunks(db.pool, scope)]);
  if (!model || chunks.length === 0) return undefined;
  const index = new KbIndex(chunks, model.lsa);
  index.releaseText();
  const kb = { generation: model.generation, index, weights: weightsOf(model.ranker) };
  rememberKb(db, scope, kb);
  return kb;
}

/** A stored ranker's weights (the fusion prior if a row holds none). */
function weightsOf(r: FittedRanker | undefined): Record<Feature, number> {
  return r?.weights ?? PRIORS.fusion;
}
