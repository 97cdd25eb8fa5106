import { describe, expect, it } from "vitest";
import { chunkDocument, chunkSections, countWords } from "./chunk.ts";
import { parseMarkdown } from "./markdown.ts";

const words = (n: number, prefix = "w") => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(" ");

describe("parseMarkdown", () => {
  it("keeps the heading path of every section and ignores # lines inside code fences", () => {
    // Given a guide with nested headings and a shell comment in a code block
    const md = "# Install\nintro\n## Proxies\nset the proxy\n```sh\n# not a heading\nnpm config set proxy\n```\n### Auth\nuse a token\n## Offline\nuse the cache";
    // When it is parsed
    const doc = parseMarkdown(md, "fallback");
    // Then each section knows where it sits, and the fenced comment stays body text
    expect(doc.title).toBe("Install");
    expect(doc.sections.map((s) => s.headingPath)).toEqual([["Install"], ["Install", "Proxies"], ["Install", "Proxies", "Auth"], ["Install", "Offline"]]);
    expect(doc.sections[1]?.text).toContain("# not a heading");
  });

  it("takes title and summary from front matter", () => {
    const doc = parseMarkdown("---\ntitle: npm-prune\ndescription: Remove extraneous packages\n---\n### Synopsis\nnpm prune", "x");
    expect(doc.title).toBe("npm-prune");
    expect(doc.summary).toBe("Remove extraneous packages");
    expect(doc.sections[0]?.text).toContain("Remove extraneous packages");
  });

  it("falls back to the file name when there is no title", () => {
    expect(parseMarkdown("just text", "audit-log").title).toBe("audit-log");
  });
});

describe("chunkSections", () => {
  it("splits a long section into pieces within the limit, overlapping by the configured words", () => {
    // Given one 500-word section and limits of 200 words with 40 overlapping
    const chunks = chunkSections([{ headingPath: ["Guide", "Long"], text: words(500) }], { maxWords: 200, overlapWords: 40 });
    // Then no piece exceeds the limit, every piece keeps the heading, and each starts with the previous one's tail
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.words).toBeLessThanOrEqual(200);
      expect(c.heading).toBe("Guide > Long");
    }
    for (let i = 1; i < chunks.length; i++) {
      const prevTail = (chunks[i - 1]?.content ?? "").split(" ").slice(-40).join(" ");
      expect(chunks[i]?.content.startsWith(prevTail)).toBe(true);
    }
    // And every word of the section is in some chunk
    const all = new Set(chunks.flatMap((c) => c.content.split(" ")));
    expect(all.size).toBe(500);
  });

  it("keeps a short section whole and packs paragraphs without cutting them when they fit", () => {
    const text = `${words(50, "a")}\n\n${words(50, "b")}\n\n${words(150, "c")}`;
    const chunks = chunkSections([{ headingPath: ["S"], text }], { maxWords: 120, overlapWords: 10 });
    expect(chunks[0]?.content).toContain("a0");
    expect(chunks[0]?.content).toContain("b49");
    expect(chunks.every((c) => c.words <= 120)).toBe(true);
    expect(chunkSections([{ headingPath: [], text: "short" }])).toHaveLength(1);
  });

  it("rejects limits where overlap is not smaller than the size", () => {
    expect(() => chunkSections([], { maxWords: 10, overlapWords: 10 })).toThrow(RangeError);
  });
});

describe("chunkDocument", () => {
  it("adds an outline chunk (summary and section headings) to multi-chunk documents", () => {
    const doc = parseMarkdown("---\ndescription: Manage tokens\n---\n## Create\nmake one\n## Revoke\nkill one", "npm-token");
    const chunks = chunkDocument(doc);
    expect(chunks[0]?.content).toContain("Manage tokens");
    expect(chunks[0]?.content).toContain("Revoke");
    expect(chunks.map((c) => c.ordinal)).toEqual(chunks.map((_, i) => i));
    expect(countWords(chunks[0]?.content ?? "")).toBeGreaterThan(2);
  });
});
