import { PolicyConfig } from "../../agents/shared/policy-config.ts";
import type { Role } from "../../core/principal.ts";
import type { Db } from "../../db/pool.ts";
import type { KeyStore, StoredKey } from "../../server/keys.ts";
import { createApiKey, type SettingsStore } from "../../server/stores.ts";

/** In-memory key and settings stores, for unit tests with `app.request()`. */
export function memoryKeyStore(): KeyStore {
  const keys = new Map<string, StoredKey>();
  return {
    async findById(id) {
      return keys.get(id);
    },
    async insert(k) {
      keys.set(k.id, { ...k, revokedAt: null });
    },
  };
}

export function memorySettingsStore(secrets: Record<string, string> = {}): SettingsStore {
  const policies = new Map<string, PolicyConfig>();
  return {
    async getPolicy(tenantId) {
      return policies.get(tenantId) ?? PolicyConfig.parse({});
    },
    async putPolicy(tenantId, policy) {
      policies.set(tenantId, policy);
      return policy;
    },
    async webhookSecret(tenantId) {
      return secrets[tenantId];
    },
  };
}

/** A Db whose pool answers every query with no rows (readiness checks in unit tests). */
export function fakeDb(): Db {
  const pool = { query: async () => ({ rows: [], rowCount: 0 }) } as unknown as Db["pool"];
  return { pool, url: "postgres://fake", embedded: true, schema: "public", close: async () => {} };
}

/** One key per role for a tenant: role → plain key. */
export async function keysForRoles(store: KeyStore, tenantId: string): Promise<Record<Role, string>> {
  const out = {} as Record<Role, string>;
  for (const role of ["rep", "manager", "analyst", "admin"] as const) out[role] = (await createApiKey(store, { tenantId, role, name: `test-${role}` })).key;
  return out;
}
