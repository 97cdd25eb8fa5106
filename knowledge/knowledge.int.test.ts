import { mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, type TestDb } from "../test/db.ts";
import { startOpenAiStub } from "../test/openai-stub.ts";
import { makePdf } from "../test/pdf.ts";
import { LocalSparseEmbedder } from "./embed/local.ts";
import { OpenAiEmbedder } from "./embed/openai.ts";
import type { EmbedInput, Embedder } from "./embed/types.ts";
import { deleteKnowledgeDocuments, ingestPath } from "./ingest/ingest.ts";
import { KNOWLEDGE_MIGRATIONS } from "./migrations.ts";
import { searchDocuments, searchKnowledge } from "./search.ts";

let t: TestDb;
let dir: string;
const local = new LocalSparseEmbedder();
const scope = { tenantId: "acme", kb: "default" };

const DOCS: Record<string, string> = {
  "renewal-playbook.md": "# Renewal playbook\n\n## Executive QBR\nWhen usage drops before renewal, book an executive quarterly business review with the champion and the economic buyer.\n\n## Discounts\nOffer multi-year discounts only with manager approval.",
  "refund-policy.md": "# Refund policy\n\nCustomers charged twice get a refund within five business days. Duplicate invoices are voided by billing.",
  "sso-setup.html": "<html><head><title>Single sign-on</title></head><body><h1>SAML SSO</h1><p>Configure the identity provider metadata URL and certificate to enable single sign-on.</p></body></html>",
  "escalations.txt": "Escalation matrix\n\nSeverity one outages page the on-call engineer immediately and notify the account owner.",
};

async function writeCorpus(files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [name, body] of Object.entries(files)) await writeFile(join(dir, name), body);
}

beforeEach(async () => {
  t = await openTestDb();
  for (const m of KNOWLEDGE_MIGRATIONS) await t.db.pool.query(m.sql);
  dir = await mkdtemp(join(tmpdir(), "kb-"));
  await writeCorpus(DOCS);
});
afterEach(async () => {
  await t.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const chunkIds = async () => (await t.db.pool.query<{ id: string }>("SELECT id::text FROM kb_chunks ORDER BY id")).rows.map((r) => r.id);
const top = async (query: string, mode: "fts" | "vector" | "fused" = "fused", accessLabels: string[] | "all" = "all") =>
  (await searchDocuments(t.db, local, { ...scope, query, accessLabels, mode }))[0]?.document;

describe("knowledge base on Postgres", () => {
  it("finds the right document for a question in every mode, and cites it with heading and snippet", async () => {
    // Given the four documents ingested (Markdown, HTML, plain text)
    const report = await ingestPath(t.db, dir, { ...scope, embedder: local });
    expect(report.added).toBe(4);
    // When users ask questions
    for (const mode of ["fts", "vector", "fused"] as const) {
      expect(await top("customer was charged twice, how do we refund?", mode)).toBe("refund-policy");
      expect(await top("how to configure SAML single sign-on", mode)).toBe("sso-setup");
    }
    const cites = await searchKnowledge(t.db, local, { ...scope, query: "usage dropped before renewal, what meeting should we book?", accessLabels: "all", k: 2 });
    // Then the playbook passage is cited with its heading path
    expect(cites[0]).toMatchObject({ document: "renewal-playbook", title: "Renewal playbook", heading: "Renewal playbook > Executive QBR" });
    expect(cites[0]?.snippet).toContain("executive quarterly business review");
    expect(Number(cites[0]?.chunkId)).toBeGreaterThan(0);
  });

  it("does nothing on an unchanged re-ingest, replaces a changed file's chunks, and deletes removed files", async () => {
    await ingestPath(t.db, dir, { ...scope, embedder: local });
    const before = await chunkIds();
    // When nothing changed
    const again = await ingestPath(t.db, dir, { ...scope, embedder: local });
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 4, chunksEmbedded: 0 });
    expect(await chunkIds()).toEqual(before);
    // When one file changes
    await writeFile(join(dir, "refund-policy.md"), "# Refund policy\n\nRefunds are now issued as account credit for chargebacks.");
    const changed = await ingestPath(t.db, dir, { ...scope, embedder: local });
    expect(changed).toMatchObject({ updated: 1, unchanged: 3 });
    const { rows } = await t.db.pool.query<{ content: string }>("SELECT content FROM kb_chunks WHERE document_name = 'refund-policy'");
    expect(rows.map((r) => r.content).join(" ")).toContain("account credit");
    expect(rows.map((r) => r.content).join(" ")).not.toContain("five business days");
    expect(await top("chargebacks account credit", "vector")).toBe("refund-policy");
    // When a file is removed and the folder re-ingested with --prune
    await unlink(join(dir, "escalations.txt"));
    const pruned = await ingestPath(t.db, dir, { ...scope, embedder: local, prune: true });
    expect(pruned.deleted).toEqual(["escalations"]);
    expect(await top("severity one outage on-call")).not.toBe("escalations");
    // And a document can be deleted by name
    expect(await deleteKnowledgeDocuments(t.db, scope, ["sso-setup"])).toEqual(["sso-setup"]);
    expect((await t.db.pool.query("SELECT 1 FROM kb_chunks WHERE document_name = 'sso-setup'")).rowCount).toBe(0);
  });

  it("shows labelled documents only to callers sharing a label", async () => {
    // Given public docs and one internal-only document
    const internal = await mkdtemp(join(tmpdir(), "kb-internal-"));
    await writeFile(join(internal, "pricing-floor.md"), "# Pricing floor\n\nNever discount below forty percent of list price.");
    await ingestPath(t.db, dir, { ...scope, embedder: local });
    await ingestPath(t.db, internal, { ...scope, embedder: local, labels: ["sales-internal"] });
    await rm(internal, { recursive: true, force: true });
    const q = "lowest discount allowed below list price";
    // Then a support agent cannot see it, a sales agent can, in every mode
    for (const mode of ["fts", "vector", "fused"] as const) {
      const support = await searchKnowledge(t.db, local, { ...scope, query: q, accessLabels: ["support"], mode, k: 10 });
      expect(support.map((c) => c.document)).not.toContain("pricing-floor");
      expect(await top(q, mode, ["sales-internal"])).toBe("pricing-floor");
    }
    // And document filters restrict the search
    const both = await searchKnowledge(t.db, local, { ...scope, query: "refund or discount", accessLabels: ["support"], k: 10 });
    expect(new Set(both.map((c) => c.document))).toEqual(new Set(["refund-policy", "renewal-playbook"]));
    const only = await searchKnowledge(t.db, local, { ...scope, query: "refund or discount", accessLabels: ["support"], documents: ["refund-policy"], k: 10 });
    expect(new Set(only.map((c) => c.document))).toEqual(new Set(["refund-policy"]));
  });

  it("reports and skips binary, empty and badly encoded files, ingesting the rest", async () => {
    await writeCorpus({ "logo.md": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]), "blank.md": "\n  \n", "latin1.txt": new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x21]) });
    const report = await ingestPath(t.db, dir, { ...scope, embedder: local });
    expect(report.added).toBe(4);
    expect(report.skipped).toBe(3);
    const reasons = Object.fromEntries(report.files.filter((f) => f.status === "skipped").map((f) => [f.path.split("/").pop(), f.reason]));
    expect(reasons).toEqual({ "logo.md": expect.stringMatching(/binary/), "blank.md": expect.stringMatching(/empty/), "latin1.txt": expect.stringMatching(/UTF-8/) });
  });

  it("ingests a PDF through its text layer and cites it under its bookmark, and reports a damaged one", async () => {
    // Given a solution paper as PDF beside the other documents, and a truncated PDF
    const paper = makePdf(
      [[{ text: "Data residency", size: 16 }, { text: "Tenants in the EU region keep backups in Frankfurt; replicas never leave the region.", size: 10 }]],
      { title: "Security whitepaper", outline: [{ title: "Data residency", page: 0 }] },
    );
    await writeCorpus({ "security-whitepaper.pdf": paper, "broken.pdf": "%PDF-1.7\n1 0 obj <<" });
    // When the folder is ingested and a rep asks about backups
    const report = await ingestPath(t.db, dir, { ...scope, embedder: local });
    const cites = await searchKnowledge(t.db, local, { ...scope, query: "where are EU backups stored?", accessLabels: "all", k: 1 });
    // Then the paper is cited with its title and heading, and the broken file is skipped with a reason
    expect(report.added).toBe(5);
    expect(report.files.find((f) => f.path.endsWith("broken.pdf"))).toMatchObject({ status: "skipped", reason: expect.stringMatching(/unreadable PDF/) });
    expect(cites[0]).toMatchObject({ document: "security-whitepaper", title: "Security whitepaper", heading: "Data residency" });
  });

  it("re-embeds everything into a new index when the embedding model changes, never mixing vectors", async () => {
    // Given a knowledge base embedded by model A (3-d)
    const a = new CountingEmbedder("fake-a", 3);
    await ingestPath(t.db, dir, { ...scope, embedder: a });
    const n = (await chunkIds()).length;
    expect(a.embedded).toBe(n);
    // When the configuration switches to model B (5-d) and the folder is ingested again
    const b = new CountingEmbedder("fake-b", 5);
    const report = await ingestPath(t.db, dir, { ...scope, embedder: b });
    // Then every chunk was embedded again by B, and only B's index remains
    expect(report).toMatchObject({ unchanged: 4, chunksEmbedded: n });
    const { rows } = await t.db.pool.query<{ embedder_id: string; dimensions: number; vector_count: number }>("SELECT embedder_id, dimensions, vector_count FROM kb_indexes");
    expect(rows).toEqual([{ embedder_id: "fake-b", dimensions: 5, vector_count: n }]);
    // And searching with B works while A's vectors are gone
    expect((await searchKnowledge(t.db, b, { ...scope, query: "refund", accessLabels: "all", mode: "vector" })).length).toBeGreaterThan(0);
  });

  it("ingests and searches through an OpenAI-compatible embeddings server (the local stub)", async () => {
    // Given a stub embedding texts by which topic words they contain
    const topics = ["refund", "renewal", "sign-on", "escalation"];
    const vec = (s: string) => topics.map((w) => (s.toLowerCase().includes(w) ? 1 : 0.01));
    const stub = await startOpenAiStub((req) => ({ kind: "embeddings", vectors: (req.body.input as string[]).map(vec) }));
    try {
      const e = new OpenAiEmbedder({ model: "stub-embed", dimensions: 4, baseURL: stub.url, maxRetries: 0 });
      await ingestPath(t.db, dir, { ...scope, embedder: e });
      // When a query about refunds is searched by vectors only
      const docs = await searchDocuments(t.db, e, { ...scope, query: "refund please", accessLabels: "all", mode: "vector" });
      // Then the dense cosine index ranks the refund policy first
      expect(docs[0]?.document).toBe("refund-policy");
      expect(stub.requests.every((r) => r.body.model === "stub-embed")).toBe(true);
    } finally {
      await stub.close();
    }
  });
});

/** A fake dense embedder that counts what it embedded (vectors from character codes). */
class CountingEmbedder implements Embedder {
  readonly kind = "dense";
  embedded = 0;
  constructor(
    readonly id: string,
    readonly dimensions: number,
  ) {}
  private vec(s: string): number[] {
    return Array.from({ length: this.dimensions }, (_, i) => 1 + (s.charCodeAt(i % Math.max(1, s.length)) % 7));
  }
  async embedDocuments(inputs: EmbedInput[]): Promise<number[][]> {
    this.embedded += inputs.length;
    return inputs.map((i) => this.vec(i.text));
  }
  async embedQuery(q: string): Promise<number[]> {
    return this.vec(q);
  }
}

describe("knowledge base when the embeddings server fails", () => {
  it("still answers fused searches without the dense embedder when its server fails, and says so", async () => {
    // Given a kb embedded through the stub, which then starts failing
    let fail = false;
    const stub = await startOpenAiStub((req) =>
      fail ? { kind: "error", status: 503, message: "down" } : { kind: "embeddings", vectors: (req.body.input as string[]).map(() => [1, 0, 0, 1]) },
    );
    try {
      const e = new OpenAiEmbedder({ model: "stub-embed", dimensions: 4, baseURL: stub.url, maxRetries: 0 });
      await ingestPath(t.db, dir, { ...scope, embedder: e });
      fail = true;
      // When an agent searches
      const reasons: string[] = [];
      const cites = await searchKnowledge(t.db, e, { ...scope, query: "charged twice refund", accessLabels: "all", onDegraded: (r) => reasons.push(r) });
      // Then it gets the refund policy from the in-memory ranking, and the degradation is reported
      expect(cites[0]?.document).toBe("refund-policy");
      expect(reasons).toHaveLength(1);
      // And a vector-only search fails loudly
      await expect(searchKnowledge(t.db, e, { ...scope, query: "refund", accessLabels: "all", mode: "vector" })).rejects.toMatchObject({ code: "LLM_FAILED" });
    } finally {
      await stub.close();
    }
  });
});
