import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, type TestDb } from "../../test/db.ts";
import { LocalSparseEmbedder } from "../embed/local.ts";
import { evaluate, type EvalReport } from "./evaluate.ts";
import { ingestPath } from "../ingest/ingest.ts";
import { KNOWLEDGE_MIGRATIONS } from "../migrations.ts";
import { gitGuideFiles, npmDocsDir, undiciDocsDir } from "./corpora.ts";

/**
 * Retrieval quality on the three public documentation sets of knowledge/eval/README.md,
 * end to end (ingest → the four modes → hit@5 / MRR), on the offline defaults. A regression
 * guard, not a measurement: the floors sit one or two questions under the figures the
 * README reports, except the Git guides, whose floor is the issue's goal itself.
 */
interface QualitySet {
  name: string;
  questions: string;
  /** A folder to ingest, or the reason the corpus is not on this machine. */
  corpus: () => Promise<{ dir: string; cleanup?: () => Promise<void> } | { missing: string }>;
  floor: { hitAtK: number; mrr: number };
}

/** A corpus that is a folder on this machine, or why it is missing. */
const folder = (find: () => string | undefined, missing: string): QualitySet["corpus"] => async () => {
  const dir = find();
  return dir ? { dir } : { missing };
};

const SETS: QualitySet[] = [
  {
    name: "Git guides (28 guides, 150 questions)",
    questions: "knowledge/eval/git-guides.questions.jsonl",
    corpus: async () => {
      const files = gitGuideFiles();
      if (!files) return { missing: "Debian's git-doc is not installed: apt-get install git-doc" };
      const dir = await mkdtemp(join(tmpdir(), "git-guides-"));
      for (const f of files) await copyFile(f, join(dir, basename(f)));
      return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
    floor: { hitAtK: 0.97, mrr: 0.9 },
  },
  {
    name: "npm docs (91 pages, 129 paraphrased questions)",
    questions: "knowledge/eval/npm-docs.questions.jsonl",
    corpus: folder(npmDocsDir, "npm's docs/content not found beside node"),
    floor: { hitAtK: 0.88, mrr: 0.73 },
  },
  {
    name: "undici docs (32 pages, 52 questions)",
    questions: "knowledge/eval/undici-docs.questions.jsonl",
    corpus: folder(undiciDocsDir, "undici's docs not found inside npm"),
    floor: { hitAtK: 0.92, mrr: 0.74 },
  },
];

for (const set of SETS) {
  const corpus = await set.corpus();
  const missing = "missing" in corpus ? corpus.missing : undefined;
  describe.skipIf(Boolean(missing))(`retrieval quality: ${set.name}${missing ? ` (skipped: ${missing})` : ""}`, () => {
    let t: TestDb;
    let report: EvalReport;
    beforeAll(async () => {
      if ("missing" in corpus) return;
      t = await openTestDb();
      for (const m of KNOWLEDGE_MIGRATIONS) await t.db.pool.query(m.sql);
      const embedder = new LocalSparseEmbedder();
      const scope = { tenantId: "eval", kb: "eval" };
      // Given the public documentation ingested with the offline defaults
      await ingestPath(t.db, corpus.dir, { ...scope, embedder });
      // When every question is asked in every mode
      report = await evaluate(t.db, embedder, { ...scope, questionsFile: set.questions, k: 5, mode: "fused" });
    }, 300_000);
    afterAll(async () => {
      await t?.cleanup();
      if (!("missing" in corpus)) await corpus.cleanup?.();
    });

    it("answers every question of the file (none skipped as malformed)", () => {
      expect(report.skipped).toBe(0);
      expect(report.questions).toBeGreaterThanOrEqual(50);
    });

    it("ranks better fused than with full text alone: MRR higher, hit@5 no lower", () => {
      expect(report.modes.fused.mrr).toBeGreaterThan(report.modes.fts.mrr);
      expect(report.modes.fused.hitAtK).toBeGreaterThanOrEqual(report.modes.fts.hitAtK);
    });

    it(`keeps fused hit@5 ≥ ${set.floor.hitAtK} and MRR ≥ ${set.floor.mrr}`, () => {
      expect(report.metrics.hitAtK).toBeGreaterThanOrEqual(set.floor.hitAtK);
      expect(report.metrics.mrr).toBeGreaterThanOrEqual(set.floor.mrr);
    });
  });
}
