import type { ErrorCode } from "../core/errors.ts";
import { isAppError } from "../core/errors.ts";

/**
 * Which failures a retry can fix. Bad input, missing records and permission problems
 * will fail the same way every time, so they go straight to the dead-letter view; anything
 * else (database or LLM hiccups, timeouts, unknown errors) is retried with backoff.
 */
const PERMANENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
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

export function isPermanentFailure(err: unknown): boolean {
  return isAppError(err) && PERMANENT.has(err.code);
}

/** Attempts per job and the exponential backoff base, shared by BullMQ and inline. */
export const RETRY = { attempts: 5, backoffMs: 1_000 } as const;

/** Delay before attempt `attempt + 1` (attempt counts from 1): 1s, 2s, 4s, 8s… */
export function backoffDelay(attempt: number, baseMs: number = RETRY.backoffMs): number {
  return baseMs * 2 ** Math.max(0, attempt - 1);
}
