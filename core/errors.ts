/**
 * One error type for the whole product. `code` is a stable string-literal that callers,
 * the HTTP layer (the only place codes become status codes) and analysts' scripts can
 * rely on; `message` is written for a person.
 */
export type ErrorCode =
  | "CONFIG_INVALID"
  | "INPUT_INVALID"
  | "CASE_FILE_MISSING"
  | "CASE_FILE_EMPTY"
  | "CASE_INVALID"
  | "MODEL_INVALID"
  | "MODEL_MISMATCH"
  | "NOT_FOUND"
  | "CONFLICT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "FIELD_FORBIDDEN"
  | "TOOL_FAILED"
  | "TOOL_TIMEOUT"
  | "LLM_FAILED"
  | "POLICY_BLOCKED"
  | "APPROVAL_STATE"
  | "DB_UNAVAILABLE"
  | "QUEUE_UNAVAILABLE"
  | "PAYLOAD_TOO_LARGE"
  | "RATE_LIMITED"
  | "INTERNAL";

export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra machine-readable detail (never secrets): offending fields, ids, line numbers. */
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Failures a retry cannot fix: bad input, missing records, permissions, invalid
 * configuration or models. They fail the same way every time, so the queue dead-letters
 * them at once, the runtime ends the run `failed` with the reason, and a tool call is not
 * attempted again. Anything else (database or LLM hiccups, timeouts, unknown errors) is
 * transient and retried. The one list all three use.
 */
export const PERMANENT_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "INPUT_INVALID",
  "CASE_INVALID",
  "CASE_FILE_MISSING",
  "CASE_FILE_EMPTY",
  "MODEL_INVALID",
  "MODEL_MISMATCH",
  "NOT_FOUND",
  "CONFLICT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "FIELD_FORBIDDEN",
  "POLICY_BLOCKED",
  "APPROVAL_STATE",
  "PAYLOAD_TOO_LARGE",
  "CONFIG_INVALID",
]);

/** Whether `err` is a failure a retry cannot fix (see {@link PERMANENT_ERROR_CODES}). */
export function isPermanentError(err: unknown): boolean {
  return isAppError(err) && PERMANENT_ERROR_CODES.has(err.code);
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** Message of any thrown value, for logs and reports. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
