import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "../db/pool.ts";
import { openTestDb, type TestDb } from "../test/db.ts";
import { LocalSparseEmbedder } from "./embed/local.ts";
import { deleteKnowledgeDocuments, ingestPath } from "./ingest/ingest.ts";
import { KNOWLEDGE_MIGRATIONS } from "./migrations.ts";
import { searchDocuments } from "./search.ts";
import { currentLsaModel } from "./store/lsa.ts";

let t: TestDb;
let dir: string;
const local = new LocalSparseEmbedder();
const scope = { tenantId: "acme", kb: "default" };

/** Support articles where "log out" and "sign out" are used together, so LSA learns they belong together. */
const DOCS: Record<string, string> = {
  "devices.md": "# Devices\n\nSign out of every device from the security page; signing out revokes each session token.",
  "glossary.md": "# Glossary\n\nTo log out is to sign out: logging out ends the session and revokes its token.",
  "billing.md": "# Billing\n\nInvoices are emailed monthly. Update the card on file before the invoice date.",
  "payments.md": "# Payments\n\nA failed card payment is retried; the invoice stays open until the card is charged.",
  "export.md": "# Data export\n\nExport contacts as CSV from the admin console; large exports arrive by email.",
};

beforeEach(async () => {
  t = await openTestDb();
  for (const m of KNOWLEDGE_MIGRATIONS) await t.db.pool.query(m.sql);
  dir = await mkdtemp(join(tmpdir(), "kb-lsa-"));
  for (const [name, body] of Object.entries(DOCS)) await writeFile(join(dir, name), body);
});
afterEach(async () => {
  await t.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const docs = async (db: Db, query: string, mode: "fts" | "lsa" | "fused") => (await searchDocuments(db, local, { ...scope, query, accessLabels: "all", mode })).map((d) => d.document);

describe("corpus-fitted LSA vectors", () => {
  it("are fitted at ingest, stored with their projection, and found from a new connection by a query sharing no word", async () => {
    // Given the articles ingested
    const report = await ingestPath(t.db, dir, { ...scope, embedder: local });
    expect(report.lsa).toMatchObject({ action: "fitted", chunks: 5 });
    const { rows } = await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM kb_lsa_terms");
    expect(rows[0]?.n).toBeGreaterThan(10);
    // When another process (a new connection, nothing in memory) asks how to "log out"
    const other = t.kind === "postgres" ? await openDb({ url: t.db.url, max: 1 }) : t.db;
    try {
      // Then full text finds only the glossary, while LSA also finds the devices page, which never says "log"
      expect(await docs(other, "log out", "fts")).toEqual(["glossary"]);
      expect(await docs(other, "log out", "lsa")).toEqual(expect.arrayContaining(["glossary", "devices"]));
      expect((await docs(other, "log out", "lsa")).slice(0, 2)).not.toContain("export");
      expect((await docs(other, "log out", "fused")).slice(0, 2).sort()).toEqual(["devices", "glossary"]);
    } finally {
      if (other !== t.db) await other.close();
    }
  });

  it("keeps the model on an unchanged re-ingest, folds in a small change, and refits after a large one", async () => {
    await ingestPath(t.db, dir, { ...scope, embedder: local });
    const first = await currentLsaModel(t.db.pool, scope);
    // When nothing changed
    expect((await ingestPath(t.db, dir, { ...scope, embedder: local })).lsa).toMatchObject({ action: "unchanged", chunks: 0 });
    // When one article is added to a larger corpus (1 chunk over 5 = 20%: within REFIT_DRIFT)
    await writeFile(join(dir, "sso.md"), "# Single sign-on\n\nSign in with the identity provider; sign out ends the session everywhere.");
    const folded = await ingestPath(t.db, dir, { ...scope, embedder: local });
    expect(folded.lsa).toMatchObject({ action: "folded", chunks: 1 });
    expect((await currentLsaModel(t.db.pool, scope))?.id).toBe(first?.id);
    expect(await docs(t.db, "sign out session", "lsa")).toContain("sso");
    // When most of the corpus is deleted
    await deleteKnowledgeDocuments(t.db, scope, ["billing", "payments", "export"]);
    const refitted = await currentLsaModel(t.db.pool, scope);
    // Then a new model replaced the old one, whose vector table is gone
    expect(refitted?.id).not.toBe(first?.id);
    expect(refitted?.chunksAtFit).toBe(3);
    const { rows } = await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM kb_lsa_models");
    expect(rows[0]?.n).toBe(1);
    const gone = await t.db.pool.query("SELECT to_regclass($1) AS t", [first?.table]);
    expect(gone.rows[0]).toEqual({ t: null });
  });

  it("is independent of the embedder: a model switch re-embeds the embedder's index but keeps the LSA model", async () => {
    // Given a kb ingested with the default embedder
    await ingestPath(t.db, dir, { ...scope, embedder: local });
    const before = await currentLsaModel(t.db.pool, scope);
    // When the embedder changes (other BM25 knobs = another index identity)
    const report = await ingestPath(t.db, dir, { ...scope, embedder: new LocalSparseEmbedder({ k1: 2 }) });
    // Then every chunk is embedded again, while the LSA model (a function of the text only) stays
    expect(report.chunksEmbedded).toBe(5);
    expect(report.lsa).toMatchObject({ action: "unchanged" });
    expect((await currentLsaModel(t.db.pool, scope))?.id).toBe(before?.id);
  });
});
