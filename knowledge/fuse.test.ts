import { describe, expect, it } from "vitest";
import { fuseChunks, rankDocuments } from "./fuse.ts";
import type { ChunkHit } from "./store/search.ts";

const hit = (chunkId: string, document: string, score: number): ChunkHit => ({ chunkId, document, title: document, heading: "", content: "", score });

describe("fuseChunks", () => {
  it("scales each retriever to its best hit and combines by weight", () => {
    // Given full text preferring chunk a and vectors preferring chunk b
    const fts = [hit("a", "A", 4), hit("b", "B", 2)];
    const vec = [hit("b", "B", 0.9), hit("a", "A", 0.3)];
    // When vectors weigh more, b wins; when full text weighs more, a wins
    expect(fuseChunks(fts, vec, { fts: 0.2, vector: 0.8 })[0]?.chunkId).toBe("b");
    expect(fuseChunks(fts, vec, { fts: 0.8, vector: 0.2 })[0]?.chunkId).toBe("a");
  });

  it("keeps chunks found by only one retriever", () => {
    const fused = fuseChunks([hit("a", "A", 1)], [hit("c", "C", 1)], { fts: 0.5, vector: 0.5 });
    expect(fused.map((c) => c.chunkId).sort()).toEqual(["a", "c"]);
  });
});

describe("rankDocuments", () => {
  it("ranks a document by its best chunk plus a little for a second one", () => {
    const chunks = fuseChunks([], [hit("1", "guide", 0.8), hit("2", "guide", 0.7), hit("3", "faq", 0.85)], { fts: 0, vector: 1 });
    const docs = rankDocuments(chunks, 0.15);
    expect(docs.map((d) => d.document)).toEqual(["guide", "faq"]);
    expect(rankDocuments(chunks, 0).map((d) => d.document)).toEqual(["faq", "guide"]);
  });
});

describe("fuseDocuments", () => {
  it("lets a retriever's clear winner stand against the other's many weak chunks of one long document", async () => {
    const { fuseDocuments } = await import("./fuse.ts");
    // Given full text finding only chunks of a long "config" reference, weakly
    const fts = [hit("c1", "config", 1), hit("c2", "config", 0.95), hit("a1", "npm-access", 0.9)];
    // And vectors sure about npm-access
    const vec = [hit("a1", "npm-access", 3), hit("c1", "config", 0.6)];
    // When fused with vectors weighing more
    const docs = fuseDocuments(fts, vec, { fts: 0.25, vector: 0.75 });
    // Then npm-access ranks first, and each document carries its best passage
    expect(docs.map((d) => d.document)).toEqual(["npm-access", "config"]);
    expect(docs[0]?.best.chunkId).toBe("a1");
    // And full text alone would have ranked config first
    expect(fuseDocuments(fts, [], { fts: 1, vector: 0 })[0]?.document).toBe("config");
  });
});
