import { describe, expect, it } from "vitest";
import { documentScores } from "./fuse.ts";
import type { ChunkHit } from "./store/search.ts";

const hit = (chunkId: string, document: string, score: number, shared = 1): ChunkHit => ({ chunkId, document, title: document, heading: "", content: "", score, shared });

describe("documentScores (the database retrievers' document ranking)", () => {
  it("ranks a document by its best chunk plus a little for a second one, scaled to the best = 1", () => {
    const s = documentScores([hit("1", "guide", 0.8), hit("2", "guide", 0.7), hit("3", "faq", 0.85)]);
    expect(s.get("guide")).toBe(1);
    expect(s.get("faq")).toBeCloseTo(0.85 / (0.8 + 0.15 * 0.7), 10);
    expect(documentScores([hit("1", "guide", 0.8), hit("2", "guide", 0.7), hit("3", "faq", 0.85)], 0).get("faq")).toBe(1);
  });

  it("splits a passage repeated verbatim in several documents between them", () => {
    // Given the best match is a boilerplate block copied into 4 pages, and a slightly weaker passage only one page has
    const hits = ["p1", "p2", "p3", "p4"].map((d, i) => hit(`b${i}`, d, 1, 4)).concat(hit("own", "guide", 0.7));
    // Then the page with its own matching text ranks first
    const s = documentScores(hits);
    expect(s.get("guide")).toBe(1);
    expect(s.get("p1")).toBeCloseTo(0.25 / 0.7, 10);
  });
});
