import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Role } from "../core/principal.ts";

/**
 * API keys: `sk_<id>_<secret>`, 32 random bytes of secret. Only the SHA-256 of the whole
 * key is stored; a request's key is looked up by its public id and its hash compared in
 * constant time, so neither the database nor timing gives the key away.
 */

const KEY_RE = /^sk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface StoredKey {
  id: string;
  tenantId: string;
  name: string;
  role: Role;
  keyHash: string;
  repId?: string | null | undefined;
  revokedAt?: string | null | undefined;
}

export interface NewKey {
  id: string;
  /** Shown once; never stored. */
  key: string;
  keyHash: string;
}

export function hashKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function generateKey(): NewKey {
  const id = randomBytes(8).toString("hex");
  const key = `sk_${id}_${randomBytes(32).toString("base64url")}`;
  return { id, key, keyHash: hashKey(key) };
}

/** The public id of a well-formed key, or undefined. */
export function keyId(key: string): string | undefined {
  return KEY_RE.exec(key)?.[1];
}

/** Constant-time comparison of a presented key with a stored hash. */
export function keyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashKey(key), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Where keys live (Postgres in production, memory in unit tests). */
export interface KeyStore {
  findById(id: string): Promise<StoredKey | undefined>;
  insert(key: Omit<StoredKey, "revokedAt">): Promise<void>;
}
