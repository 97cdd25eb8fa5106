import type { MiddlewareHandler } from "hono";
import type { Principal, Role } from "../core/principal.ts";
import { AppError } from "../core/errors.ts";
import type { AppEnv } from "./deps.ts";
import { keyId, keyMatches } from "./keys.ts";

/**
 * Who may call an operation: API-key roles, anyone ("public": health, metrics, docs), or
 * a CRM holding the tenant's webhook secret ("webhook": HMAC-signed body). Declared once
 * per route; the same list goes into the OpenAPI document as `x-roles`.
 */
export type Access = readonly Role[] | "public" | "webhook";

/** `Authorization: Bearer sk_…` → the key's principal, or 401. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AppError("UNAUTHENTICATED", "Missing API key: send `Authorization: Bearer <key>` (create one with `scenario keys create --role rep`).");
  const key = match[1] as string;
  const id = keyId(key);
  const stored = id ? await c.get("deps").keys.findById(id) : undefined;
  if (!stored || stored.revokedAt || !keyMatches(key, stored.keyHash)) {
    throw new AppError("UNAUTHENTICATED", "Invalid or revoked API key.");
  }
  const principal: Principal = { id: `key:${stored.id}`, role: stored.role, tenantId: stored.tenantId };
  c.set("principal", principal);
  await next();
};

/** 403 unless the caller's role is listed. */
export function requireRoles(roles: readonly Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const role = c.get("principal").role;
    if (!roles.includes(role)) {
      throw new AppError("FORBIDDEN", `This operation needs one of the roles ${roles.join(", ")}; your key has the role ${role}.`, { roles, role });
    }
    await next();
  };
}

/** Roles that may decide an approval needing `required` (the inbox's lowest allowed role). */
export function mayDecide(role: Role, required: "rep" | "manager"): boolean {
  if (role === "admin" || role === "manager") return true;
  return role === "rep" && required === "rep";
}
