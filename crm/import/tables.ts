/**
 * The CRM tables an import may write, with each column's type. Shared by the case importer,
 * the CSV importer and the demo seed, so every path fills the derived columns (`*_ts`
 * instants, `*_norm` dedupe keys) the same way.
 */
export type ColumnType = "text" | "number" | "boolean" | "text[]" | "jsonb";

export interface ColumnSpec {
  type: ColumnType;
  /** Sibling timestamptz filled with the instant of this ISO string (cases/as-of.ts rules). */
  ts?: string;
  /** Sibling dedupe key filled from this value. */
  norm?: { column: string; kind: "email" | "phone" | "company" };
}

export interface TableSpec {
  columns: Record<string, ColumnSpec>;
  /** Columns a row cannot be written without (besides `id`). */
  required: string[];
  /** Has an `updated_at` to bump on upsert. */
  touch: boolean;
}

const text: ColumnSpec = { type: "text" };
const num: ColumnSpec = { type: "number" };
const bool: ColumnSpec = { type: "boolean" };
const json: ColumnSpec = { type: "jsonb" };
const at = (ts: string): ColumnSpec => ({ type: "text", ts });

export const IMPORT_TABLES = {
  accounts: {
    columns: {
      name: text, segment: text, industry: text, country: text, plan: text, tier: text, arr: num, seats: num,
      tenure_months: num, contract_term: text, renewal_date: at("renewal_ts"), auto_renew: bool, payment_method: text,
      owner_id: text, attributes: json,
    },
    required: [],
    touch: true,
  },
  subscriptions: {
    columns: {
      account_id: text, plan: text, seats: num, mrr: num, arr: num, billing_frequency: text, auto_renew: bool,
      start_date: at("start_ts"), end_date: at("end_ts"), attributes: json,
    },
    required: ["account_id"],
    touch: false,
  },
  contacts: {
    columns: {
      account_id: text, name: text, email: { type: "text", norm: { column: "email_norm", kind: "email" } },
      phone: { type: "text", norm: { column: "phone_norm", kind: "phone" } }, title: text,
      company: { type: "text", norm: { column: "company_norm", kind: "company" } }, created_at: at("created_ts"), attributes: json,
    },
    required: [],
    touch: false,
  },
  leads: {
    columns: {
      name: text, email: { type: "text", norm: { column: "email_norm", kind: "email" } },
      phone: { type: "text", norm: { column: "phone_norm", kind: "phone" } },
      company: { type: "text", norm: { column: "company_norm", kind: "company" } }, title: text, source: text, country: text,
      city: text, created_at: at("created_ts"), status: text, owner_id: text, attributes: json,
    },
    required: [],
    touch: true,
  },
  opportunities: {
    columns: {
      account_id: text, lead_id: text, name: text, stage: text, amount: num, close_date: at("close_ts"), owner_id: text, attributes: json,
    },
    required: [],
    touch: false,
  },
  tickets: {
    columns: {
      account_id: text, subject: text, body: text, channel: text, language: text, status: text, priority: text, queue: text,
      assignee: text, opened_at: at("opened_ts"), closed_at: at("closed_ts"), csat: num, escalated: bool, attributes: json,
    },
    required: ["opened_at"],
    touch: true,
  },
  usage_events: {
    columns: { account_id: text, date: at("ts"), metric: text, value: num, attributes: json },
    required: ["account_id", "date", "metric", "value"],
    touch: false,
  },
  events: {
    columns: { account_id: text, at: at("ts"), type: text, detail: text, attributes: json },
    required: ["account_id", "at", "type"],
    touch: false,
  },
  activities: {
    columns: { lead_id: text, at: at("ts"), type: text, value: num, detail: text },
    required: ["lead_id", "at", "type"],
    touch: false,
  },
  reps: {
    columns: {
      name: text, email: text, role: text, skills: { type: "text[]" }, languages: { type: "text[]" },
      territories: { type: "text[]" }, senior: bool, capacity: num, active: bool,
    },
    required: ["name", "role"],
    touch: true,
  },
} as const satisfies Record<string, TableSpec>;

export type ImportTable = keyof typeof IMPORT_TABLES;

export function isImportTable(name: string): name is ImportTable {
  return Object.hasOwn(IMPORT_TABLES, name);
}
