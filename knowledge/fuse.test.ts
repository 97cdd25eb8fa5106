import { describe, expect, it } from "vitest";
import { documentScores, fuseChunks, fuseDocuments, rankDocuments } from "./fuse.ts";
import type { ChunkHit } from "./store/search.ts";

const hit = (chunkId: string, document: string, score: number, shared = 1): ChunkHit => ({ chunkId, document, title: document, heading: "", content: "", score, shared });
const w = (fts: number, vector: number, lsa = 0) => ({ fts, vector, lsa });

describe("fuseChunks", () => {
  it("scales each retriever to its best hit and combines by weight", () => {
    // Given full text preferring chunk a and vectors preferring chunk b
    const fts = [hit("a", "A", 4), hit("b", "B", 2)];
    const vector = [hit("b", "B", 0.9), hit("a", "A", 0.3)];
    // When vectors weigh more, b wins; when full text weighs more, a wins
    expect(fuseChunks({ fts, vector }, w(0.2, 0.8))[0]?.chunkId).toBe("b");
    expect(fuseChunks({ fts, vector }, w(0.8, 0.2))[0]?.chunkId).toBe("a");
  });

  it("keeps chunks found by only one retriever, and counts the third (LSA) retriever too", () => {
    const fused = fuseChunks({ fts: [hit("a", "A", 1)], vector: [hit("c", "C", 1)], lsa: [hit("d", "D", 0.4)] }, w(0.3, 0.3, 0.4));
    expect(fused.map((c) => c.chunkId)).toEqual(["d", "a", "c"]);
    expect(fused[0]).toMatchObject({ lsa: 1, fts: 0, vector: 0 });
  });
});

describe("rankDocuments", () => {
  it("ranks a document by its best chunk plus a little for a second one", () => {
    const chunks = fuseChunks({ vector: [hit("1", "guide", 0.8), hit("2", "guide", 0.7), hit("3", "faq", 0.85)] }, w(0, 1));
    expect(rankDocuments(chunks, 0.15).map((d) => d.document)).toEqual(["guide", "faq"]);
    expect(rankDocuments(chunks, 0).map((d) => d.document)).toEqual(["faq", "guide"]);
  });
});

describe("fuseDocuments", () => {
  it("lets a retriever's clear winner stand against the other's many weak chunks of one long document", () => {
    // Given full text finding only chunks of a long "config" reference, weakly
    const fts = [hit("c1", "config", 1), hit("c2", "config", 0.95), hit("a1", "npm-access", 0.9)];
    // And vectors sure about npm-access
    const vector = [hit("a1", "npm-access", 3), hit("c1", "config", 0.6)];
    // When fused with vectors weighing more
    const docs = fuseDocuments({ fts, vector }, w(0.25, 0.75));
    // Then npm-access ranks first, and each document carries its best passage
    expect(docs.map((d) => d.document)).toEqual(["npm-access", "config"]);
    expect(docs[0]?.best.chunkId).toBe("a1");
    // And full text alone would have ranked config first
    expect(fuseDocuments({ fts }, w(1, 0))[0]?.document).toBe("config");
  });

  it("splits a passage repeated verbatim in several documents between them", () => {
    // Given the best match is a boilerplate block copied into 4 pages, and a slightly weaker passage only one page has
    const hits = ["p1", "p2", "p3", "p4"].map((d, i) => hit(`b${i}`, d, 1, 4)).concat(hit("own", "guide", 0.7));
    // Then the page with its own matching text ranks first
    expect(fuseDocuments({ vector: hits }, w(0, 1))[0]?.document).toBe("guide");
    expect(documentScores(hits).get("p1")).toBeCloseTo(0.25 / 0.7, 10);
    // And the chunk-level (citation) scores keep the passage's own score
    expect(fuseChunks({ vector: hits }, w(0, 1))[0]?.vector).toBe(1);
  });
});
