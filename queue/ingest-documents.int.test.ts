import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { searchKnowledge } from "../knowledge/index.ts";
import { KNOWLEDGE_MIGRATIONS } from "../knowledge/migrations.ts";
import { openTestDb, type TestDb } from "../test/db.ts";
import { makePdf } from "../test/pdf.ts";
import { ingestDocuments } from "./ingest-documents.ts";

let t: TestDb;
beforeEach(async () => {
  t = await openTestDb();
  for (const m of KNOWLEDGE_MIGRATIONS) await t.db.pool.query(m.sql);
});
afterEach(async () => {
  await t.cleanup();
});

describe("documents posted to the API", () => {
  it("ingests text as written and a base64 PDF as its bytes, and reports bytes that are not a PDF", async () => {
    // Given a Markdown playbook, a PDF whitepaper and a 'PDF' that is really text, as the API receives them
    const pdf = makePdf([[{ text: "Data residency", size: 16 }, { text: "EU tenants keep backups in Frankfurt.", size: 10 }]], { title: "Security whitepaper" });
    const report = await ingestDocuments(
      t.db,
      "acme",
      [
        { name: "playbook", title: "Renewals", text: "Call the champion early." },
        { name: "whitepaper.pdf", contentBase64: Buffer.from(pdf).toString("base64") },
        { name: "fake.pdf", contentBase64: Buffer.from("just words").toString("base64") },
      ],
      [],
    );
    // Then the two real documents are searchable and the fake one is skipped with a reason
    expect(report.added).toBe(2);
    expect(report.files.find((f) => f.path.endsWith("fake.pdf"))).toMatchObject({ status: "skipped", reason: expect.stringMatching(/unreadable PDF/) });
    const cites = await searchKnowledge(t.db, { tenantId: "acme", kb: "default", query: "where are EU backups kept", accessLabels: "all", k: 1 });
    expect(cites[0]).toMatchObject({ document: "whitepaper", title: "Security whitepaper" });
  });
});
