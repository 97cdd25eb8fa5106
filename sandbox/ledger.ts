import type { ActionResult, ProposedAction } from "../crm/types.ts";

/** One write the sandbox intercepted instead of touching a CRM. */
export interface LedgerEntry {
  idempotencyKey: string;
  action: ProposedAction;
  recordId: string;
}

/**
 * The sandbox's write ledger: every side effect lands here, once per idempotency key,
 * exactly like the live port's crm_actions table.
 */
export class Ledger {
  private readonly entries = new Map<string, LedgerEntry>();

  apply(action: ProposedAction, idempotencyKey: string): ActionResult {
    const existing = this.entries.get(idempotencyKey);
    if (existing) return { status: "already_applied", recordId: existing.recordId, idempotencyKey };
    const recordId = `sandbox:${action.kind}:${this.entries.size + 1}`;
    this.entries.set(idempotencyKey, { idempotencyKey, action, recordId });
    return { status: "applied", recordId, idempotencyKey };
  }

  list(): LedgerEntry[] {
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
  }
}
