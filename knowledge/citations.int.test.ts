import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, type TestDb } from "../test/db.ts";
import { LocalSparseEmbedder } from "./embed/local.ts";
import { deleteKnowledgeDocuments, ingestPath } from "./ingest/ingest.ts";
import { KNOWLEDGE_MIGRATIONS } from "./migrations.ts";
import { searchKnowledge } from "./search.ts";
import { resolveCitations } from "./store/citations.ts";

let t: TestDb;
let dir: string;
const local = new LocalSparseEmbedder();
const scope = { tenantId: "acme", kb: "default" };
const POLICY = "# Refund policy\n\n## Double charges\n\nCustomers charged twice get a refund within five business days.\n\n## Chargebacks\n\nA chargeback freezes the account until billing reviews it.";

beforeEach(async () => {
  t = await openTestDb();
  for (const m of KNOWLEDGE_MIGRATIONS) await t.db.pool.query(m.sql);
  dir = await mkdtemp(join(tmpdir(), "kb-cite-"));
  await writeFile(join(dir, "refund-policy.md"), POLICY);
  await writeFile(join(dir, "sso.md"), "# Single sign-on\n\nConfigure the identity provider metadata to enable single sign-on.");
});
afterEach(async () => {
  await t.cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe("citations across re-ingests", () => {
  it("resolve to the text that was cited after the document changed, and point at the live passage that kept the same text", async () => {
    // Given a decision that cited the double-charge passage
    await ingestPath(t.db, dir, { ...scope, embedder: local });
    const [cited] = await searchKnowledge(t.db, local, { ...scope, query: "customer charged twice refund", accessLabels: "all", k: 1 });
    expect(cited?.snippet).toContain("five business days");
    const [chargeback] = await searchKnowledge(t.db, local, { ...scope, query: "chargeback freezes account", accessLabels: "all", k: 1 });
    // When the policy changes (the double-charge rule is rewritten, the chargeback rule is not) and is re-ingested
    await writeFile(join(dir, "refund-policy.md"), POLICY.replace("within five business days", "as account credit"));
    expect(await ingestPath(t.db, dir, { ...scope, embedder: local })).toMatchObject({ updated: 1 });
    // Then the cited chunk ids no longer exist as live chunks, yet both resolve
    const resolved = await resolveCitations(t.db.pool, scope, [cited?.chunkId ?? "", chargeback?.chunkId ?? ""]);
    expect(resolved).toHaveLength(2);
    expect(resolved[0]).toMatchObject({ status: "replaced", document: "refund-policy", heading: "Refund policy > Double charges", currentChunkId: undefined });
    expect(resolved[0]?.content).toContain("five business days");
    // And the passage whose text did not change points at its live successor
    expect(resolved[1]).toMatchObject({ status: "replaced" });
    const live = await resolveCitations(t.db.pool, scope, [resolved[1]?.currentChunkId ?? ""]);
    expect(live[0]).toMatchObject({ status: "current", content: expect.stringContaining("chargeback freezes") });
    // And a fresh search cites the new text, never the archived one
    const now = await searchKnowledge(t.db, local, { ...scope, query: "customer charged twice refund", accessLabels: "all", k: 1 });
    expect(now[0]?.snippet).toContain("account credit");
  });

  it("resolve after the document is deleted, and leave unknown ids out", async () => {
    await ingestPath(t.db, dir, { ...scope, embedder: local });
    const [cited] = await searchKnowledge(t.db, local, { ...scope, query: "identity provider single sign-on", accessLabels: "all", k: 1 });
    await deleteKnowledgeDocuments(t.db, scope, ["sso"]);
    const resolved = await resolveCitations(t.db.pool, scope, [cited?.chunkId ?? "", "999999", "not-an-id"]);
    expect(resolved).toEqual([expect.objectContaining({ status: "replaced", document: "sso", chunkId: cited?.chunkId })]);
  });
});
