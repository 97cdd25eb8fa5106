/** Which failures are retried is decided by core/errors.ts `isPermanentError` (one list for the queue, the runtime and the tools). */

/** Attempts per job and the exponential backoff base, shared by BullMQ and inline. */
export const RETRY = { attempts: 5, backoffMs: 1_000 } as const;

/** Delay before attempt `attempt + 1` (attempt counts from 1): 1s, 2s, 4s, 8s… */
export function backoffDelay(attempt: number, baseMs: number = RETRY.backoffMs): number {
  return baseMs * 2 ** Math.max(0, attempt - 1);
}
