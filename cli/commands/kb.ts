import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { config } from "../../config/index.ts";
import { openDb, type Db } from "../../db/pool.ts";
import { KNOWLEDGE_MIGRATIONS } from "../../knowledge/migrations.ts";
import { embedderFromConfig } from "../../knowledge/embed/select.ts";
import { evaluate, type EvalReport } from "../../knowledge/eval/evaluate.ts";
import { kbStats } from "../../knowledge/store/stats.ts";
import { deleteKnowledgeDocuments, ingestPath } from "../../knowledge/ingest/ingest.ts";
import { searchKnowledge } from "../../knowledge/search.ts";
import type { SearchMode } from "../../knowledge/types.ts";
import { usageError } from "../args.ts";
import { progress, type Progress } from "../progress.ts";

const USAGE = `scenario kb ingest <dir|file> [--kb <name>] [--labels a,b] [--prune] [--local]
       scenario kb search "<query>" [--kb <name>] [--k 5] [--labels a,b] [--mode fts|vector|lsa|fused] [--local]
       scenario kb eval --questions <file> --k 5 --report <file> [--kb <name>] [--mode fts|vector|lsa|fused] [--local]
       scenario kb delete <document> [...] [--kb <name>]
       scenario kb stats [--kb <name>]`;

/** Everything the kb commands share: tenant "default", the configured database and embedder. */
const TENANT = "default";

const OPTIONS = {
  kb: { type: "string", default: "default" },
  labels: { type: "string" },
  prune: { type: "boolean", default: false },
  local: { type: "boolean", default: false },
  k: { type: "string", default: "5" },
  mode: { type: "string", default: "fused" },
  questions: { type: "string" },
  report: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

/**
 * `kb ingest`, `kb search`, `kb eval`, `kb delete`. With no DATABASE_URL everything runs on
 * the embedded database under DATA_DIR, with the offline embedder unless an
 * OpenAI-compatible server is configured (`--local` forces the offline one).
 */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true });
  } catch (err) {
    throw usageError(err instanceof Error ? err.message : String(err), USAGE);
  }
  const { values: v, positionals } = parsed;
  if (!sub || v.help || !["ingest", "search", "eval", "delete", "stats"].includes(sub)) {
    process.stdout.write(`usage: ${USAGE}\n`);
    return sub && !v.help ? 2 : 0;
  }
  const k = Number(v.k);
  if (!Number.isInteger(k) || k < 1 || k > 100) throw usageError(`--k must be an integer from 1 to 100, got "${v.k}"`, USAGE);
  const mode = v.mode as SearchMode;
  if (!["fts", "vector", "lsa", "fused"].includes(mode)) throw usageError(`--mode must be fts, vector, lsa or fused, got "${v.mode}"`, USAGE);
  const labels = v.labels ? v.labels.split(",").map((s) => s.trim()).filter(Boolean) : undefined;
  const c = config();
  const embedder = embedderFromConfig(c, { local: v.local });
  const db = await openDb({ url: c.DATABASE_URL, dataDir: c.DATA_DIR });
  try {
    await applyKnowledgeMigrations(db);
    const scope = { tenantId: TENANT, kb: v.kb };
    if (sub === "ingest") {
      const path = positionals[0];
      if (!path) throw usageError("kb ingest needs a file or folder", USAGE);
      const bars = new Map<string, { bar: Progress; seen: number }>();
      const report = await ingestPath(db, path, {
        ...scope,
        embedder,
        labels,
        prune: v.prune,
        onProgress: (e) => {
          const entry = bars.get(e.phase) ?? { bar: progress(e.phase === "files" ? "reading" : "embedding", e.total), seen: 0 };
          entry.bar.tick(e.done - entry.seen);
          entry.seen = e.done;
          bars.set(e.phase, entry);
        },
      });
      for (const { bar } of bars.values()) bar.done();
      for (const f of report.files.filter((x) => x.status === "skipped")) process.stderr.write(`skipped ${f.path}: ${f.reason}\n`);
      const { files: _files, ...summary } = report;
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return 0;
    }
    if (sub === "search") {
      const query = positionals.join(" ").trim();
      if (!query) throw usageError("kb search needs a query", USAGE);
      const citations = await searchKnowledge(db, embedder, {
        ...scope,
        query,
        k,
        accessLabels: labels ?? "all",
        mode,
        onDegraded: (reason) => process.stderr.write(`warning: vector search unavailable, full text only: ${reason}\n`),
      });
      if (citations.length === 0) process.stdout.write("no results\n");
      citations.forEach((h, i) => {
        process.stdout.write(`${i + 1}. ${h.document}${h.heading ? ` › ${h.heading}` : ""}  (score ${h.score.toFixed(3)}, chunk ${h.chunkId})\n   ${h.snippet}\n`);
      });
      return 0;
    }
    if (sub === "stats") {
      process.stdout.write(`${JSON.stringify(await kbStats(db, scope), null, 2)}\n`);
      return 0;
    }
    if (sub === "delete") {
      if (positionals.length === 0) throw usageError("kb delete needs document names", USAGE);
      const deleted = await deleteKnowledgeDocuments(db, scope, positionals);
      process.stdout.write(`${JSON.stringify({ deleted, notFound: positionals.filter((n) => !deleted.includes(n)) })}\n`);
      return deleted.length === positionals.length ? 0 : 1;
    }
    if (!v.questions || !v.report) throw usageError("kb eval needs --questions and --report", USAGE);
    const bar = progress("eval", 0);
    const report = await evaluate(db, embedder, { ...scope, questionsFile: v.questions, k, mode, onProgress: (n) => bar.tick(n) });
    bar.done();
    for (const p of report.problems) process.stderr.write(`questions line ${p.line}: ${p.message}\n`);
    await writeFile(v.report, `${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(evalTable(report));
    process.stdout.write(`${JSON.stringify({ questions: report.questions, k, mode, metrics: report.metrics, modes: report.modes, baselines: report.baselines }, null, 2)}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

/** The eval as a table for people (stderr): every mode beside the two baselines, and fused's margin over the better one. */
function evalTable(r: EvalReport): string {
  const f = (x: number) => x.toFixed(3);
  const rows: [string, { hitAtK: number; mrr: number }, string][] = [
    ["baseline: TF-IDF (sklearn defaults)", r.baselines.tfidf, ""],
    ["baseline: BM25 (plain)", r.baselines.bm25, ""],
    ...(["fts", "vector", "lsa", "fused"] as const).map((m): [string, { hitAtK: number; mrr: number }, string] => [m, r.modes[m], `${f(r.modes[m].latencyMs.p50)} / ${f(r.modes[m].latencyMs.p95)}`]),
  ];
  const best = Math.max(r.baselines.tfidf.mrr, r.baselines.bm25.mrr);
  const lines = rows.map(([name, m, ms]) => `${name.padEnd(38)} ${f(m.hitAtK).padStart(6)} ${f(m.mrr).padStart(6)}  ${ms}`);
  return `kb ${r.kb}: ${r.questions} questions, hit@${r.k} / MRR@10 / p50 / p95 ms\n${lines.join("\n")}\nfused − best baseline: MRR ${(r.modes.fused.mrr - best >= 0 ? "+" : "") + f(r.modes.fused.mrr - best)}\n`;
}

/**
 * Until the core migration runner (db/migrations.ts) is wired into every command, the kb
 * commands apply the knowledge tables themselves; every statement is IF NOT EXISTS.
 */
async function applyKnowledgeMigrations(db: Db): Promise<void> {
  for (const m of KNOWLEDGE_MIGRATIONS) await db.pool.query(m.sql);
}
