import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { AppError } from "../../core/errors.ts";
import { renderHtml } from "../../evals/html.ts";
import { Suite } from "../../evals/suite-schema.ts";
import { runSuite, type SuiteDeps, type SuiteReport } from "../../evals/suite.ts";
import { formatZodIssues } from "../../cases/reader.ts";
import { parseFlags, requireFlag } from "../args.ts";
import { progress, type Progress } from "../progress.ts";

const USAGE = "scenario eval --suite <suite.json> [--report <out.json>] [--html <out.html>] [--tenant <id> (for the overrides dataset; default demo)]";

/** Read and validate a suite file; every problem is listed with its path. */
export async function readSuite(file: string): Promise<Suite> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new AppError("INPUT_INVALID", `cannot read suite ${file}: ${(err as Error).message}`);
  }
  const parsed = Suite.safeParse(raw);
  if (!parsed.success) throw new AppError("INPUT_INVALID", `suite ${file} is invalid: ${formatZodIssues(parsed.error)}`);
  return parsed.data;
}

/**
 * The real sandbox and model loader, imported only when a suite actually runs. The database
 * is opened only when an entry uses the overrides dataset; `close` releases it.
 */
async function defaultDeps(suite: Suite, tenantId: string): Promise<{ deps: SuiteDeps; close: () => Promise<void> }> {
  const [{ replay }, { loadModel }] = await Promise.all([import("../../sandbox/replay.ts"), import("../../models/index.ts")]);
  const deps: SuiteDeps = { replay: (opts) => replay(opts), loadModel };
  if (!suite.entries.some((e) => e.cases === "overrides")) return { deps, close: async () => {} };
  const [{ openAppDb }, { overridesLoader }] = await Promise.all([import("../../app/database.ts"), import("../../evals/overrides.ts")]);
  const db = await openAppDb();
  return { deps: { ...deps, loadOverrides: overridesLoader(db.pool, tenantId) }, close: () => db.close() };
}

const fmt = (v: number | undefined) => (v === undefined ? "–" : !Number.isFinite(v) ? "NaN" : Number.isInteger(v) ? String(v) : v.toFixed(4));

/** Plain-text summary: a table of entries, then one block per entry with its chosen metrics and every gate. */
export function summaryText(report: SuiteReport): string {
  const rows = report.entries.map((e) => {
    const key = e.agent === "service-routing" ? "queueAccuracy" : "auc";
    const failed = e.gates.filter((g) => !g.passed).length;
    return [e.name, e.agent, String(e.replay?.cases ?? "–"), `${key} ${fmt(e.metrics[key])}`, e.comparison ? `Δ ${fmt(e.comparison.metrics[key]?.diff)}` : "–", `${e.gates.length - failed}/${e.gates.length}`, e.passed ? "PASS" : e.error ? "ERROR" : "FAIL"];
  });
  const table = [["entry", "agent", "cases", "headline", "vs baseline", "gates", "result"], ...rows];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const lines: string[] = table.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd());
  lines.push("");
  for (const e of report.entries) {
    lines.push(`${e.passed ? "PASS" : "FAIL"}  ${e.name}  (${e.agent}, model ${e.model}${e.baselineModel ? ` vs ${e.baselineModel}` : ""})`);
    if (e.error) lines.push(`      error: ${e.error}`);
    for (const n of e.notes ?? []) lines.push(`      note: ${n}`);
    const shown = e.shown.filter((k) => e.metrics[k] !== undefined);
    const w = Math.max(8, ...shown.map((k) => k.length));
    for (const k of shown) lines.push(`      ${k.padEnd(w)}  ${fmt(e.metrics[k])}`);
    if (e.promote) lines.push(`      promote: ${e.promote.promote ? "yes" : `REFUSED (${e.promote.reasons.join("; ")})`}`);
    for (const s of e.segments ?? []) for (const f of s.flags) lines.push(`      flag: ${f}`);
    if (e.faults) lines.push(`      faults: ${e.faults.lost.count} lost, ${(e.faults.errorRate * 100).toFixed(1)}% with errors`);
    if (e.autonomy) lines.push(`      autoExecuteAbove ${fmt(e.autonomy.overall.threshold ?? undefined)} written to ${e.autonomy.policyFile}`);
    for (const g of e.gates) {
      lines.push(`      gate ${g.passed ? "ok  " : "FAIL"} ${g.metric} ${g.op} ${g.spec}${g.expected !== null && typeof g.spec === "string" ? ` (= ${fmt(g.expected)})` : ""}: ${fmt(g.actual ?? undefined)}${g.note ? ` — ${g.note}` : ""}`);
    }
  }
  const failed = report.entries.filter((e) => !e.passed).length;
  lines.push(failed ? `${failed} of ${report.entries.length} entries FAILED` : `all ${report.entries.length} entries passed`);
  return `${lines.join("\n")}\n`;
}

/** `scenario eval` with injectable dependencies (tests pass hand-made replays). Exit 1 when a gate fails. */
export async function runEval(args: string[], deps?: SuiteDeps, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values } = parseFlags(args, { suite: { type: "string" }, report: { type: "string" }, html: { type: "string" }, tenant: { type: "string" } }, USAGE);
  const suiteFile = resolve(requireFlag(values.suite, "suite", USAGE));
  const suite = await readSuite(suiteFile);
  const bars = new Map<string, Progress>();
  const real = deps ? undefined : await defaultDeps(suite, values.tenant ?? "demo");
  let report: SuiteReport;
  try {
    report = await runSuite(suite, suiteFile, {
      ...(deps ?? real!.deps),
      onProgress: (label, done, total) => {
        let bar = bars.get(label);
        if (!bar) bars.set(label, (bar = progress(label, total)));
        bar.update(done);
        if (done >= total) bar.done();
      },
    });
  } finally {
    await real?.close();
  }
  if (values.report) await writeOut(values.report, `${JSON.stringify(report, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`);
  if (values.html) await writeOut(values.html, await renderHtml(report));
  out.write(summaryText(report));
  return report.passed ? 0 : 1;
}

async function writeOut(file: string, text: string): Promise<void> {
  await mkdir(dirname(resolve(file)), { recursive: true });
  await writeFile(file, text);
}

export async function run(args: string[]): Promise<number> {
  return runEval(args);
}
