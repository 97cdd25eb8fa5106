import { readFile } from "node:fs/promises";
import { openAppDb } from "../../app/database.ts";
import { importCases } from "../../crm/import/cases.ts";
import { importCsv } from "../../crm/import/csv.ts";
import { loadMapping } from "../../crm/import/mapping.ts";
import { parseFlags, usageError } from "../args.ts";
import { progress } from "../progress.ts";

const USAGE = "scenario import (--cases <file.jsonl> | --csv <dir> --mapping <mapping.json>) [--tenant <id>]";

/**
 * `scenario import`: load case files or CSV tables into the live CRM. Bad lines/rows are
 * listed on stderr with their line numbers; the JSON summary goes to stdout. Exit code 0
 * when everything was imported, 1 when some rows were skipped (the rest is in).
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(
    args,
    { cases: { type: "string" }, csv: { type: "string" }, mapping: { type: "string" }, tenant: { type: "string" } },
    USAGE,
  );
  if (Boolean(values.cases) === Boolean(values.csv)) throw usageError("give exactly one of --cases or --csv", USAGE);
  if (values.csv && !values.mapping) throw usageError("--csv needs --mapping", USAGE);
  const tenantId = values.tenant ?? "demo";
  const mapping = values.mapping ? await loadMapping(values.mapping) : undefined;

  const db = await openAppDb();
  try {
    if (values.cases) {
      const total = await countLines(values.cases);
      const bar = progress(`import ${values.cases}`, total);
      const report = await importCases(db, values.cases, { tenantId, onProgress: (done) => bar.update(done) });
      bar.done();
      for (const i of report.issues.slice(0, 50)) process.stderr.write(`line ${i.line}${i.id ? ` (${i.id})` : ""}: ${i.reason}\n`);
      if (report.skipped > 50) process.stderr.write(`… and ${report.skipped - 50} more skipped lines\n`);
      const { issues: _issues, ...summary } = report;
      process.stdout.write(`${JSON.stringify({ tenantId, ...summary }, null, 2)}\n`);
      return report.skipped > 0 ? 1 : 0;
    }
    const dir = values.csv ?? "";
    const files = mapping?.files ?? [];
    let total = 0;
    for (const f of files) total += Math.max(0, (await countLines(`${dir}/${f.file}`)) - 1);
    const bar = progress(`import ${dir}`, total);
    const done = new Map<string, number>();
    const report = await importCsv(db, dir, mapping ?? { version: 1, files: [] }, {
      tenantId,
      onProgress: (file, rows) => {
        done.set(file, rows);
        bar.update([...done.values()].reduce((a, b) => a + b, 0));
      },
    });
    bar.done();
    for (const i of report.issues.slice(0, 50)) process.stderr.write(`${i.file}:${i.line}: ${i.reason}\n`);
    if (report.skipped > 50) process.stderr.write(`… and ${report.skipped - 50} more bad rows\n`);
    const { issues: _issues, ...summary } = report;
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return report.skipped > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
}

async function countLines(file: string): Promise<number> {
  const text = await readFile(file, "utf8").catch(() => "");
  let n = 0;
  for (const line of text.split("\n")) if (line.trim() !== "") n++;
  return n;
}
