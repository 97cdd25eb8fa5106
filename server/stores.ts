import { randomBytes } from "node:crypto";
import { PolicyConfig } from "../agents/shared/policy-config.ts";
import type { Role } from "../core/principal.ts";
import type { Db, Queryable } from "../db/pool.ts";
import { generateKey, type KeyStore, type NewKey, type StoredKey } from "./keys.ts";

/**
 * Postgres access of the server: API keys and tenant settings. `tenant_settings.settings`
 * is `{ policy: PolicyConfig, webhookSecret: string, … }` (the runtime reads `policy`);
 * writing one top-level key keeps the others.
 */
const SQL_KEY_BY_ID = `SELECT id, tenant_id, name, role, key_hash, rep_id, revoked_at FROM api_keys WHERE id = $1`;
const SQL_INSERT_KEY = `INSERT INTO api_keys (id, tenant_id, name, key_hash, role, rep_id) VALUES ($1, $2, $3, $4, $5, $6)`;
const SQL_ENSURE_TENANT = `INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`;
const SQL_GET_SETTINGS = `SELECT settings FROM tenant_settings WHERE tenant_id = $1`;
const SQL_MERGE_SETTINGS = `
INSERT INTO tenant_settings (tenant_id, settings) VALUES ($1, $2::jsonb)
ON CONFLICT (tenant_id) DO UPDATE SET settings = tenant_settings.settings || EXCLUDED.settings, updated_at = now()`;
const SQL_SET_SECRET_IF_ABSENT = `
INSERT INTO tenant_settings (tenant_id, settings) VALUES ($1, jsonb_build_object('webhookSecret', $2::text))
ON CONFLICT (tenant_id) DO UPDATE SET settings = tenant_settings.settings || jsonb_build_object('webhookSecret', COALESCE(tenant_settings.settings->>'webhookSecret', $2::text))
RETURNING settings->>'webhookSecret' AS secret`;

interface KeyRow {
  id: string;
  tenant_id: string;
  name: string;
  role: Role;
  key_hash: string;
  rep_id: string | null;
  revoked_at: Date | null;
}

/**
 * Keys from `api_keys`. `cacheMs` > 0 keeps lookups in memory that long (fewer database
 * round trips under load), at the price of a revocation taking up to that long to bite.
 */
export function dbKeyStore(db: Db, opts: { cacheMs?: number } = {}): KeyStore {
  const cacheMs = opts.cacheMs ?? 0;
  const cache = new Map<string, { at: number; key: StoredKey | undefined }>();
  return {
    async findById(id) {
      const hit = cache.get(id);
      if (hit && Date.now() - hit.at < cacheMs) return hit.key;
      const { rows } = await db.pool.query<KeyRow>(SQL_KEY_BY_ID, [id]);
      const r = rows[0];
      const key = r
        ? { id: r.id, tenantId: r.tenant_id, name: r.name, role: r.role, keyHash: r.key_hash, repId: r.rep_id, revokedAt: r.revoked_at?.toISOString() ?? null }
        : undefined;
      if (cacheMs > 0) {
        if (cache.size >= 10_000) cache.clear();
        cache.set(id, { at: Date.now(), key });
      }
      return key;
    },
    async insert(k) {
      await ensureTenant(db.pool, k.tenantId);
      await db.pool.query(SQL_INSERT_KEY, [k.id, k.tenantId, k.name, k.keyHash, k.role, k.repId ?? null]);
    },
  };
}

export async function ensureTenant(q: Queryable, tenantId: string, name = tenantId): Promise<void> {
  await q.query(SQL_ENSURE_TENANT, [tenantId, name]);
}

/** Create a key and return it (the only time the plain key exists). */
export async function createApiKey(store: KeyStore, input: { tenantId: string; role: Role; name?: string | undefined; repId?: string | undefined }): Promise<NewKey & StoredKey> {
  const k = generateKey();
  const stored: StoredKey = { id: k.id, tenantId: input.tenantId, name: input.name ?? "", role: input.role, keyHash: k.keyHash, repId: input.repId ?? null };
  await store.insert(stored);
  return { ...stored, ...k };
}

/** Tenant policy and webhook secret. */
export interface SettingsStore {
  getPolicy(tenantId: string): Promise<PolicyConfig>;
  putPolicy(tenantId: string, policy: PolicyConfig): Promise<PolicyConfig>;
  /** The tenant's webhook secret, created on first use. */
  webhookSecret(tenantId: string, opts?: { create?: boolean }): Promise<string | undefined>;
}

export function dbSettingsStore(db: Db): SettingsStore {
  return {
    async getPolicy(tenantId) {
      const { rows } = await db.pool.query<{ settings: Record<string, unknown> }>(SQL_GET_SETTINGS, [tenantId]);
      const parsed = PolicyConfig.safeParse(rows[0]?.settings?.policy ?? {});
      return parsed.success ? parsed.data : PolicyConfig.parse({});
    },
    async putPolicy(tenantId, policy) {
      await ensureTenant(db.pool, tenantId);
      await db.pool.query(SQL_MERGE_SETTINGS, [tenantId, JSON.stringify({ policy })]);
      return policy;
    },
    async webhookSecret(tenantId, opts) {
      if (opts?.create) {
        await ensureTenant(db.pool, tenantId);
        const { rows } = await db.pool.query<{ secret: string }>(SQL_SET_SECRET_IF_ABSENT, [tenantId, randomBytes(32).toString("base64url")]);
        return rows[0]?.secret;
      }
      const { rows } = await db.pool.query<{ settings: Record<string, unknown> }>(SQL_GET_SETTINGS, [tenantId]);
      const s = rows[0]?.settings?.webhookSecret;
      return typeof s === "string" && s.length > 0 ? s : undefined;
    },
  };
}
