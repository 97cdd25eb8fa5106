import { readFile } from "node:fs/promises";
import { z } from "zod";
import { AppError } from "../../core/errors.ts";
import { formatZodIssues } from "../../cases/reader.ts";
import { IMPORT_TABLES, isImportTable, type ImportTable } from "./tables.ts";

/**
 * A declarative CSV mapping: which file goes to which table, which columns form the natural
 * key, and how each column converts into a field. No code and no SQL in a mapping, so an
 * analyst can write one for any CRM export. Fields are table columns or `attributes.<key>`.
 */
export const ValueType = z.enum(["string", "number", "integer", "boolean", "date", "datetime", "list"]);
export type ValueType = z.infer<typeof ValueType>;

const Lookup = z.object({
  /** Table already imported (earlier in the mapping) whose row id equals this column's value. */
  table: z.string(),
  /** Column of that row to take instead, e.g. a subscription's account_id. */
  take: z.string(),
});

const FieldRule = z.union([
  z.string().min(1).describe("target field, as a string"),
  z.object({
    field: z.string().min(1),
    type: ValueType.default("string"),
    /** Text put before a string value (e.g. "feature:" for usage metrics). */
    prefix: z.string().optional(),
    lookup: Lookup.optional(),
  }),
  z.null().describe("column deliberately not imported"),
]);

export const FileMapping = z.object({
  file: z.string().min(1),
  table: z.string().refine(isImportTable, "unknown table"),
  /** CSV columns whose values, joined with "|", form the row id (the upsert key). */
  key: z.array(z.string().min(1)).min(1),
  keyPrefix: z.string().default(""),
  /**
   * Many rows per key, keep one: the row with the greatest value in this CSV column (ISO
   * dates compare as text; on a tie the earlier row in the file stays). E.g. an account's
   * current plan from its latest subscription.
   * Without it a repeated key is a bad row.
   */
  latestBy: z.string().min(1).optional(),
  columns: z.record(z.string(), FieldRule),
  /** Fields with the same value on every row (e.g. an event type). */
  constants: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
  _comment: z.string().optional(),
});
export type FileMapping = z.infer<typeof FileMapping> & { table: ImportTable };

export const CsvMapping = z.object({
  version: z.literal(1),
  description: z.string().optional(),
  files: z.array(FileMapping).min(1),
});
export interface CsvMapping {
  version: 1;
  description?: string | undefined;
  files: FileMapping[];
}

export interface ColumnRule {
  field: string;
  type: ValueType;
  prefix?: string | undefined;
  lookup?: { table: ImportTable; take: string } | undefined;
}

/** Read and validate a mapping file; every problem is listed at once. */
export async function loadMapping(path: string): Promise<CsvMapping> {
  const text = await readFile(path, "utf8").catch((err: unknown) => {
    throw new AppError("INPUT_INVALID", `Cannot read mapping ${path}: ${String(err)}`, { path });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError("INPUT_INVALID", `Mapping ${path} is not JSON: ${(err as Error).message}`, { path });
  }
  return parseMapping(json, path);
}

export function parseMapping(json: unknown, source = "mapping"): CsvMapping {
  const parsed = CsvMapping.safeParse(json);
  if (!parsed.success) throw new AppError("INPUT_INVALID", `${source}: ${formatZodIssues(parsed.error)}`, { source });
  const mapping = parsed.data as CsvMapping;
  const problems: string[] = [];
  for (const f of mapping.files) {
    for (const [column, raw] of Object.entries(f.columns)) {
      const rule = columnRule(raw);
      if (rule) problems.push(...checkField(f.table, rule.field, `${f.file}: ${column}`));
      if (rule?.lookup) {
        const t = rule.lookup.table;
        if (!isImportTable(t)) problems.push(`${f.file}: ${column}: lookup table "${t}" is not importable`);
        else if (!Object.hasOwn(IMPORT_TABLES[t].columns, rule.lookup.take)) problems.push(`${f.file}: ${column}: ${t} has no column "${rule.lookup.take}"`);
      }
    }
    for (const field of Object.keys(f.constants)) problems.push(...checkField(f.table, field, `${f.file}: constant`));
  }
  if (problems.length) throw new AppError("INPUT_INVALID", `${source}:\n  - ${problems.join("\n  - ")}`, { problems });
  return mapping;
}

function checkField(table: ImportTable, field: string, where: string): string[] {
  if (field === "id") return [`${where}: "id" comes from "key", not from a column`];
  if (field.startsWith("attributes.")) {
    return Object.hasOwn(IMPORT_TABLES[table].columns, "attributes") ? [] : [`${where}: ${table} has no attributes`];
  }
  return Object.hasOwn(IMPORT_TABLES[table].columns, field) ? [] : [`${where}: ${table} has no column "${field}"`];
}

/** The normalised rule for one mapped column, or undefined when it is deliberately skipped. */
export function columnRule(raw: z.infer<typeof FieldRule>): ColumnRule | undefined {
  if (raw === null) return undefined;
  if (typeof raw === "string") return { field: raw, type: "string" };
  return { field: raw.field, type: raw.type, prefix: raw.prefix, lookup: raw.lookup as ColumnRule["lookup"] };
}

const TRUE = new Set(["true", "t", "yes", "y", "1"]);
const FALSE = new Set(["false", "f", "no", "n", "0"]);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Convert one CSV cell; empty cells are null. Throws a readable message on bad input. */
export function convert(value: string, rule: ColumnRule): string | number | boolean | string[] | null {
  const v = value.trim();
  if (v === "") return null;
  switch (rule.type) {
    case "string":
      return (rule.prefix ?? "") + v;
    case "number":
    case "integer": {
      const n = Number(v.replace(/,(?=\d{3}\b)/g, ""));
      if (!Number.isFinite(n)) throw new Error(`"${v}" is not a number`);
      if (rule.type === "integer" && !Number.isInteger(n)) throw new Error(`"${v}" is not an integer`);
      return n;
    }
    case "boolean": {
      const l = v.toLowerCase();
      if (TRUE.has(l)) return true;
      if (FALSE.has(l)) return false;
      throw new Error(`"${v}" is not a boolean`);
    }
    case "date": {
      const m = DATE.exec(v);
      if (!m || !validDay(m[1], m[2], m[3])) throw new Error(`"${v}" is not a date (YYYY-MM-DD)`);
      return v;
    }
    case "datetime":
      return datetime(v);
    case "list":
      return v.split(/[;|]/).map((s) => s.trim()).filter(Boolean);
  }
}

/** "2023-07-28 3:00" → "2023-07-28T03:00:00Z" (no zone = UTC); a bare date stays a date. */
function datetime(v: string): string {
  const d = DATE.exec(v);
  if (d && validDay(d[1], d[2], d[3])) return v;
  const m = DATETIME.exec(v);
  if (!m || !validDay(m[1], m[2], m[3]) || Number(m[4]) > 23) throw new Error(`"${v}" is not a date-time`);
  const out = `${m[1]}-${m[2]}-${m[3]}T${m[4]?.padStart(2, "0")}:${m[5]}:${m[6] ?? "00"}${m[7] ?? ""}${m[8] ?? "Z"}`;
  if (Number.isNaN(Date.parse(out))) throw new Error(`"${v}" is not a date-time`);
  return out;
}

function validDay(y: string | undefined, mo: string | undefined, d: string | undefined): boolean {
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d);
}
