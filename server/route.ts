import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { Access } from "./auth.ts";
import { authenticate, requireRoles } from "./auth.ts";
import type { AppEnv } from "./deps.ts";
import { ProblemSchema } from "./problem.ts";

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });

/** The problem responses every operation may return, by access kind. */
function problemResponses(access: Access): RouteConfig["responses"] {
  const common = { 400: problem("Invalid input (field paths in `errors`)"), 413: problem("Body too large") };
  if (access === "public") return common;
  if (access === "webhook") return { ...common, 401: problem("Missing or bad signature") };
  return { ...common, 401: problem("Missing or invalid API key"), 403: problem("Role not allowed"), 404: problem("Unknown id") };
}

/**
 * `createRoute` plus access control: adds the auth middleware, the role check, the
 * `x-roles` extension and the problem responses, so no route can forget them.
 */
export function secureRoute<R extends RouteConfig>(access: Access, config: R, extra: MiddlewareHandler<AppEnv>[] = []): R {
  const middleware: MiddlewareHandler<AppEnv>[] =
    access === "public" || access === "webhook" ? [...extra] : [authenticate, requireRoles(access), ...extra];
  const roles = typeof access === "string" ? [access] : [...access];
  const security = access === "public" || access === "webhook" ? [] : [{ bearer: [] }];
  return createRoute({
    ...config,
    security,
    middleware,
    "x-roles": roles,
    responses: { ...problemResponses(access), ...config.responses },
  }) as R;
}
