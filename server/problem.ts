import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "@hono/zod-openapi";
import { AppError, type ErrorCode, isAppError } from "../core/errors.ts";
import { log } from "../core/log.ts";
import { isConnectionError } from "../db/pool.ts";

/**
 * RFC 9457 problem details: the one error shape of the API. `code` is the stable
 * AppError code; `detail` is written for a person; no stack trace ever leaves the process.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance: string;
  /** Field-level problems of a validation error. */
  errors?: Array<{ path: string; message: string }> | undefined;
}

/** The only place codes become HTTP statuses. */
export const STATUS_OF: Record<ErrorCode, ContentfulStatusCode> = {
  CONFIG_INVALID: 500,
  INPUT_INVALID: 400,
  CASE_FILE_MISSING: 400,
  CASE_FILE_EMPTY: 400,
  CASE_INVALID: 400,
  MODEL_INVALID: 400,
  MODEL_MISMATCH: 409,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  FIELD_FORBIDDEN: 403,
  TOOL_FAILED: 502,
  TOOL_TIMEOUT: 504,
  LLM_FAILED: 502,
  POLICY_BLOCKED: 422,
  APPROVAL_STATE: 409,
  DB_UNAVAILABLE: 503,
  QUEUE_UNAVAILABLE: 503,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

const TITLES: Partial<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

const CODE_OF_STATUS: Partial<Record<number, ErrorCode>> = {
  400: "INPUT_INVALID",
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "NOT_FOUND",
  413: "PAYLOAD_TOO_LARGE",
  415: "INPUT_INVALID",
  429: "RATE_LIMITED",
};

/** Build a problem document and its response. */
export function problemResponse(c: Context, code: ErrorCode, detail: string, extra?: { status?: number; errors?: Problem["errors"] }): Response {
  const status = (extra?.status ?? STATUS_OF[code]) as ContentfulStatusCode;
  const body: Problem = {
    type: `/docs#problem-${code}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    code,
    instance: new URL(c.req.url).pathname,
    ...(extra?.errors ? { errors: extra.errors } : {}),
  };
  return c.body(JSON.stringify(body), status, { "content-type": "application/problem+json" });
}

export const onError: ErrorHandler = (err, c) => {
  if (isAppError(err)) {
    const errors = Array.isArray(err.details?.errors) ? (err.details.errors as Problem["errors"]) : undefined;
    return problemResponse(c, err.code, err.message, { errors });
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = CODE_OF_STATUS[status] ?? "INTERNAL";
    // Hono's own messages ("Malformed JSON in request body") are safe and useful.
    return problemResponse(c, code, err.message || TITLES[status] || "Error", { status });
  }
  if (isConnectionError(err)) {
    log.warn("database connection lost", { path: new URL(c.req.url).pathname, method: c.req.method, error: err.message });
    return problemResponse(c, "DB_UNAVAILABLE", "The database connection was lost while answering; please try again shortly.");
  }
  log.error("unhandled error", { path: new URL(c.req.url).pathname, method: c.req.method, error: err instanceof Error ? err.message : String(err) });
  return problemResponse(c, "INTERNAL", "An unexpected error occurred. It has been logged; please try again or contact the operator.");
};

export const notFound: NotFoundHandler = (c) => problemResponse(c, "NOT_FOUND", `No route for ${c.req.method} ${new URL(c.req.url).pathname}. See /docs for the API reference.`);

/** zod issues → field paths a person can fix. */
export function validationError(error: z.ZodError, where: string): AppError {
  const errors = error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join("."), message: i.message }));
  const summary = errors
    .slice(0, 5)
    .map((e) => `${e.path}: ${e.message}`)
    .join("; ");
  return new AppError("INPUT_INVALID", `Invalid request: ${summary}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ""}`, { errors });
}

/** The problem document as a zod schema, for the OpenAPI responses. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");
