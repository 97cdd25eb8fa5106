import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { parse } from "csv-parse";
import { AppError, errorMessage } from "../../core/errors.ts";
import { withTransaction, type Db } from "../../db/pool.ts";
import { columnRule, convert, type ColumnRule, type CsvMapping, type FileMapping } from "./mapping.ts";
import { IMPORT_TABLES } from "./tables.ts";
import { ensureTenant, upsertRows, type RowValues } from "./upsert.ts";

/**
 * Import CSV tables into the live CRM through a declarative mapping. Files are read in the
 * mapping's order (so lookups find rows imported before them), streamed, converted row by
 * row, and written in batches, one transaction each. A bad row (unparseable, wrong column
 * count, bad value, missing key, failed lookup, rejected by the database) is reported with
 * file, line and reason and leaves nothing behind; everything else is upserted by natural
 * key, so a second run updates in place.
 */
export interface RowIssue {
  file: string;
  line: number;
  reason: string;
}

export interface FileReport {
  file: string;
  table: string;
  rows: number;
  imported: number;
  skipped: number;
  /** Header columns the mapping does not mention (not imported). */
  unmapped: string[];
  /** With `latestBy`: rows replaced by a later row with the same key. */
  superseded?: number;
}

export interface CsvImportReport {
  tenantId: string;
  files: FileReport[];
  imported: number;
  skipped: number;
  issues: RowIssue[];
}

export interface CsvImportOptions {
  tenantId: string;
  batchSize?: number;
  maxIssues?: number;
  /** Called after each batch with the file and rows done in it. */
  onProgress?: (file: string, rowsDone: number) => void;
}

interface Pending {
  line: number;
  row: RowValues;
  /** field → raw value still to resolve through a lookup. */
  lookups: { field: string; rule: ColumnRule; value: string }[];
}

export async function importCsv(db: Db, dir: string, mapping: CsvMapping, opts: CsvImportOptions): Promise<CsvImportReport> {
  const report: CsvImportReport = { tenantId: opts.tenantId, files: [], imported: 0, skipped: 0, issues: [] };
  const maxIssues = opts.maxIssues ?? 1000;
  const issue = (i: RowIssue, fr: FileReport) => {
    fr.skipped++;
    report.skipped++;
    if (report.issues.length < maxIssues) report.issues.push(i);
  };
  for (const f of mapping.files) {
    const path = join(dir, f.file);
    if (!(await stat(path).catch(() => undefined))?.isFile()) {
      throw new AppError("INPUT_INVALID", `Mapped file not found: ${path}`, { file: path });
    }
  }
  await ensureTenant(db.pool, opts.tenantId);
  for (const f of mapping.files) {
    const fr: FileReport = { file: f.file, table: f.table, rows: 0, imported: 0, skipped: 0, unmapped: [] };
    report.files.push(fr);
    await importFile(db, join(dir, f.file), f, opts, fr, (i) => issue(i, fr));
    report.imported += fr.imported;
  }
  return report;
}

async function importFile(db: Db, path: string, f: FileMapping, opts: CsvImportOptions, fr: FileReport, issue: (i: RowIssue) => void): Promise<void> {
  const file = basename(path);
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        const line = (err as { lines?: number } | undefined)?.lines ?? 0;
        fr.rows++;
        issue({ file, line, reason: `unreadable CSV: ${err?.message ?? "parse error"}` });
        return undefined;
      },
    }),
  );
  let header: string[] | undefined;
  let rules: { index: number; column: string; rule: ColumnRule }[] = [];
  let keyIdx: number[] = [];
  let batch: Pending[] = [];
  // The key must be unique within a file: a repeat would silently replace an earlier row.
  const firstLine = new Map<string, number>();
  // With latestBy, rows are held until the end of the file: the latest per key wins.
  const latest = new Map<string, { p: Pending; by: string }>();
  let latestIdx = -1;
  const flush = async () => {
    if (!batch.length) return;
    const current = batch;
    batch = [];
    await writeBatch(db, opts.tenantId, f, current, fr, (line, reason) => issue({ file, line, reason }));
    opts.onProgress?.(file, fr.rows);
  };
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const cells = rec.record;
    const line = rec.info.lines;
    if (!header) {
      header = cells.map((c) => c.trim());
      ({ rules, keyIdx } = planColumns(header, f, file));
      fr.unmapped = header.filter((h) => !Object.hasOwn(f.columns, h) && !f.key.includes(h) && h !== f.latestBy);
      if (f.latestBy) latestIdx = header.indexOf(f.latestBy);
      continue;
    }
    fr.rows++;
    if (cells.length !== header.length) {
      issue({ file, line, reason: `expected ${header.length} columns, found ${cells.length}` });
      continue;
    }
    const built = buildRow(cells, line, f, rules, keyIdx);
    if (typeof built === "string") {
      issue({ file, line, reason: built });
    } else if (f.latestBy) {
      const by = (cells[latestIdx] ?? "").trim();
      const held = latest.get(built.row.id);
      if (held) fr.superseded = (fr.superseded ?? 0) + 1;
      if (!held || by > held.by) latest.set(built.row.id, { p: built, by });
    } else if (firstLine.has(built.row.id)) {
      issue({ file, line, reason: `duplicate key "${built.row.id}" (first on line ${firstLine.get(built.row.id)}); row not imported` });
    } else {
      firstLine.set(built.row.id, line);
      batch.push(built);
    }
    if (batch.length >= (opts.batchSize ?? 500)) await flush();
  }
  for (const { p } of latest.values()) {
    batch.push(p);
    if (batch.length >= (opts.batchSize ?? 500)) await flush();
  }
  await flush();
}

function planColumns(header: string[], f: FileMapping, file: string) {
  const missing = [...f.key, ...Object.keys(f.columns), ...(f.latestBy ? [f.latestBy] : [])].filter((c) => !header.includes(c));
  if (missing.length) throw new AppError("INPUT_INVALID", `${file}: mapped columns not in the header: ${missing.join(", ")}`, { file, missing });
  const rules = Object.entries(f.columns).flatMap(([column, raw]) => {
    const rule = columnRule(raw);
    return rule ? [{ index: header.indexOf(column), column, rule }] : [];
  });
  return { rules, keyIdx: f.key.map((k) => header.indexOf(k)) };
}

/** One CSV record → a row to upsert, or the reason it cannot be. */
function buildRow(cells: string[], line: number, f: FileMapping, rules: { index: number; column: string; rule: ColumnRule }[], keyIdx: number[]): Pending | string {
  const keyParts = keyIdx.map((i) => (cells[i] ?? "").trim());
  if (keyParts.some((k) => k === "")) return `empty key (${f.key.join(", ")})`;
  const row: RowValues = { id: f.keyPrefix + keyParts.join("|") };
  const attributes: Record<string, unknown> = {};
  const lookups: Pending["lookups"] = [];
  const put = (field: string, value: unknown) => {
    if (field.startsWith("attributes.")) attributes[field.slice("attributes.".length)] = value;
    else row[field] = value;
  };
  for (const [field, value] of Object.entries(f.constants)) put(field, value);
  for (const { index, column, rule } of rules) {
    let value: ReturnType<typeof convert>;
    try {
      value = convert(cells[index] ?? "", rule);
    } catch (err) {
      return `${column}: ${errorMessage(err)}`;
    }
    if (rule.lookup && typeof value === "string") lookups.push({ field: rule.field, rule, value });
    else put(rule.field, value);
  }
  if (Object.hasOwn(IMPORT_TABLES[f.table].columns, "attributes")) row.attributes = attributes;
  const required: readonly string[] = IMPORT_TABLES[f.table].required;
  const absent = required.filter((c) => (row[c] === null || row[c] === undefined) && !lookups.some((l) => l.field === c));
  if (absent.length) return `missing ${absent.join(", ")}`;
  return { line, row, lookups };
}

/** Resolve lookups, then upsert in one transaction; on a database error, retry row by row to name the bad rows. */
async function writeBatch(db: Db, tenantId: string, f: FileMapping, batch: Pending[], fr: FileReport, bad: (line: number, reason: string) => void): Promise<void> {
  const ready = await resolveLookups(db, tenantId, batch, bad);
  try {
    await withTransaction(db, (client) => upsertRows(client, tenantId, f.table, ready.map((p) => p.row)));
    fr.imported += ready.length;
    return;
  } catch {
    // Fall through: find the rows the database rejects, keep the rest.
  }
  await withTransaction(db, async (client) => {
    for (const p of ready) {
      await client.query("SAVEPOINT one_row");
      try {
        await upsertRows(client, tenantId, f.table, [p.row]);
        await client.query("RELEASE SAVEPOINT one_row");
        fr.imported++;
      } catch (err) {
        await client.query("ROLLBACK TO SAVEPOINT one_row");
        bad(p.line, `rejected by the database: ${errorMessage(err)}`);
      }
    }
  });
}

async function resolveLookups(db: Db, tenantId: string, batch: Pending[], bad: (line: number, reason: string) => void): Promise<Pending[]> {
  const groups = new Map<string, Set<string>>();
  for (const p of batch) for (const l of p.lookups) {
    const k = `${l.rule.lookup?.table}.${l.rule.lookup?.take}`;
    groups.set(k, (groups.get(k) ?? new Set()).add(l.value));
  }
  const found = new Map<string, Map<string, unknown>>();
  for (const [k, ids] of groups) {
    const [table, take] = k.split(".");
    // Table and column names were checked against IMPORT_TABLES when the mapping was parsed.
    const { rows } = await db.pool.query<{ id: string; v: unknown }>(`SELECT id, ${take} AS v FROM ${table} WHERE tenant_id = $1 AND id = ANY($2::text[])`, [
      tenantId, [...ids],
    ]);
    found.set(k, new Map(rows.map((r) => [r.id, r.v])));
  }
  return batch.filter((p) => {
    for (const l of p.lookups) {
      const hit = found.get(`${l.rule.lookup?.table}.${l.rule.lookup?.take}`)?.get(l.value);
      if (hit === undefined || hit === null) {
        bad(p.line, `${l.field}: no ${l.rule.lookup?.table} row with id "${l.value}"`);
        return false;
      }
      p.row[l.field] = hit;
    }
    return true;
  });
}
