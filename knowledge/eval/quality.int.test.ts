import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, type TestDb } from "../../test/db.ts";
import { LocalSparseEmbedder } from "../embed/local.ts";
import { ingestPath } from "../ingest/ingest.ts";
import { KNOWLEDGE_MIGRATIONS } from "../migrations.ts";
import { EVAL_CORPORA, stageCorpus } from "./corpora.ts";
import { evaluate, type EvalReport } from "./evaluate.ts";

/**
 * Retrieval quality on the five public documentation sets of knowledge/eval/README.md, end
 * to end (ingest with the offline defaults → every mode and both baselines → hit@5 / MRR).
 * A regression guard, not a measurement: each floor sits about two questions under the
 * figure the README reports for that corpus, and fused must stay ahead of the better plain
 * baseline (TF-IDF, BM25) by the margin given. A corpus not installed says so and is skipped.
 */
const FLOORS: Record<string, { hitAtK: number; mrr: number; overBaseline: number }> = {
  npm: { hitAtK: 0.88, mrr: 0.73, overBaseline: 0.02 },
  undici: { hitAtK: 0.92, mrr: 0.75, overBaseline: 0.02 },
  // The issue's goal for reference pages with specific questions, met here.
  git: { hitAtK: 0.97, mrr: 0.9, overBaseline: 0.02 },
  // The goal's MRR 0.90 is NOT met on this held-out set (0.873): the floor guards what is.
  "postgres-sql": { hitAtK: 0.96, mrr: 0.86, overBaseline: 0.02 },
  // Plain BM25 already ranks 0.964 here; fused is +0.015 ahead, short of the goal's +0.02.
  "python-howto": { hitAtK: 0.98, mrr: 0.96, overBaseline: 0.01 },
};

for (const corpus of EVAL_CORPORA) {
  const files = corpus.files();
  const missing = Array.isArray(files) ? undefined : files.missing;
  const floor = FLOORS[corpus.name] ?? { hitAtK: 0, mrr: 0, overBaseline: 0 };
  describe.skipIf(Boolean(missing))(`retrieval quality: ${corpus.about}${missing ? ` (skipped: ${missing})` : ""}`, () => {
    let t: TestDb;
    let report: EvalReport;
    let cleanup: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      if (!Array.isArray(files)) return;
      t = await openTestDb();
      for (const m of KNOWLEDGE_MIGRATIONS) await t.db.pool.query(m.sql);
      const staged = await stageCorpus(files);
      cleanup = staged.cleanup;
      const embedder = new LocalSparseEmbedder();
      const scope = { tenantId: "eval", kb: corpus.name };
      // Given the public documentation ingested with the offline defaults
      await ingestPath(t.db, staged.dir, { ...scope, embedder });
      // When every question is asked in every mode, and of both baselines
      report = await evaluate(t.db, embedder, { ...scope, questionsFile: corpus.questions, k: 5, mode: "fused" });
    }, 600_000);
    afterAll(async () => {
      await t?.cleanup();
      await cleanup?.();
    });

    it("answers every question of the file (none skipped as malformed)", () => {
      expect(report.skipped).toBe(0);
      expect(report.questions).toBeGreaterThanOrEqual(50);
    });

    it(`ranks fused ahead of the better plain baseline (TF-IDF, BM25) by ≥ ${floor.overBaseline} MRR, and of full text alone`, () => {
      const best = Math.max(report.baselines.tfidf.mrr, report.baselines.bm25.mrr);
      expect(report.modes.fused.mrr).toBeGreaterThanOrEqual(best + floor.overBaseline);
      expect(report.modes.fused.mrr).toBeGreaterThan(report.modes.fts.mrr);
    });

    it(`keeps fused hit@5 ≥ ${floor.hitAtK} and MRR ≥ ${floor.mrr}`, () => {
      expect(report.metrics.hitAtK).toBeGreaterThanOrEqual(floor.hitAtK);
      expect(report.metrics.mrr).toBeGreaterThanOrEqual(floor.mrr);
    });
  });
}
