import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "../db/pool.ts";
import { openTestDb, type TestDb } from "../test/db.ts";
import { LocalSparseEmbedder } from "./embed/local.ts";
import { deleteKnowledgeDocuments, ingestPath } from "./ingest/ingest.ts";
import { KNOWLEDGE_MIGRATIONS } from "./migrations.ts";
import { searchDocuments, searchKnowledge } from "./search.ts";

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

const stored = async () =>
  (await t.db.pool.query<{ generation: string; lsa: Uint8Array | null; lsa_meta: { chunksAtFit?: number }; ranker: { weights: Record<string, number> } }>("SELECT generation::text, lsa, lsa_meta, ranker FROM kb_models")).rows;

describe("the kb's ranking model (LSA projection + fitted ranker)", () => {
  it("is fitted at ingest, stored, and used by a new connection to find a page sharing no word with the query", async () => {
    // Given the articles ingested
    const report = await ingestPath(t.db, dir, { ...scope, embedder: local });
    expect(report.model).toMatchObject({ action: "fitted", lsa: "fitted", chunks: 5 });
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.lsa?.length).toBeGreaterThan(100);
    expect(Object.keys(rows[0]?.ranker.weights ?? {})).toContain("lsa");
    // When another process (a new connection, nothing in its memory) asks how to "log out"
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

  it("is left alone on an unchanged re-ingest, keeps LSA on a small change, refits it after a large one, and bumps the generation each time", async () => {
    await ingestPath(t.db, dir, { ...scope, embedder: local });
    const [first] = await stored();
    // When nothing changed
    expect((await ingestPath(t.db, dir, { ...scope, embedder: local })).model).toMatchObject({ action: "unchanged", generation: Number(first?.generation) });
    // When one article is added (1 chunk over 5 = 20%: within REFIT_DRIFT)
    await writeFile(join(dir, "sso.md"), "# Single sign-on\n\nSign in with the identity provider; sign out ends the session everywhere.");
    const added = await ingestPath(t.db, dir, { ...scope, embedder: local });
    expect(added.model).toMatchObject({ action: "fitted", lsa: "kept", chunks: 6 });
    const [second] = await stored();
    expect(Number(second?.generation)).toBeGreaterThan(Number(first?.generation));
    expect(second?.lsa).toEqual(first?.lsa);
    // And the new chunk is folded into the kept projection
    expect(await docs(t.db, "sign out session", "lsa")).toContain("sso");
    // When most of the corpus is deleted
    await deleteKnowledgeDocuments(t.db, scope, ["billing", "payments", "export"]);
    // Then the projection is refitted on what is left
    const [third] = await stored();
    expect(third?.lsa_meta.chunksAtFit).toBe(3);
    expect(Number(third?.generation)).toBeGreaterThan(Number(second?.generation));
    expect(await docs(t.db, "invoice", "fused")).toEqual([]);
  });

  it("refreshes another process's copy when the kb changes under it", async () => {
    // Given a second connection that has searched (and so holds its own copy)
    await ingestPath(t.db, dir, { ...scope, embedder: local });
    const other = t.kind === "postgres" ? await openDb({ url: t.db.url, max: 1 }) : undefined;
    if (!other) return; // one embedded database has one process
    try {
      expect(await docs(other, "identity provider", "fused")).toEqual([]);
      // When this process ingests a new article
      await writeFile(join(dir, "sso.md"), "# Single sign-on\n\nSign in with the identity provider; sign out ends the session everywhere.");
      await ingestPath(t.db, dir, { ...scope, embedder: local });
      // Then the other connection's next search sees it, citations included (its copy was stale)
      const cites = await searchKnowledge(other, local, { ...scope, query: "identity provider sign in", accessLabels: "all", k: 1 });
      expect(cites[0]).toMatchObject({ document: "sso", snippet: expect.stringContaining("identity provider") });
      expect((await docs(other, "identity provider", "fused"))[0]).toBe("sso");
    } finally {
      await other.close();
    }
  });
});
