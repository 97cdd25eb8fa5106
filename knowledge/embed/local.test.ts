import { describe, expect, it } from "vitest";
import { hashFeature, symbolTokens, terms } from "./features.ts";
import { LocalSparseEmbedder, MAX_NONZERO } from "./local.ts";

const dot = (a: { indices: number[]; values: number[] }, b: { indices: number[]; values: number[] }) => {
  const m = new Map(b.indices.map((i, k) => [i, b.values[k] ?? 0]));
  return a.indices.reduce((s, i, k) => s + (a.values[k] ?? 0) * (m.get(i) ?? 0), 0);
};

describe("local sparse embedder", () => {
  it("lets inflected forms and camelCase identifiers meet plain words", () => {
    expect(terms("installing packages")).toEqual(terms("installed package"));
    expect(terms("set peerDependencies")).toEqual(expect.arrayContaining(terms("peer dependency")));
    expect(terms("how do I do it")).toEqual([]);
  });

  it("scores a passage sharing the query's words above one that does not, and titles count more", async () => {
    const e = new LocalSparseEmbedder();
    const q = await e.embedQuery("refund a double charge");
    const [hit, miss, titled] = await e.embedDocuments([
      { text: "Customers charged twice get a refund." },
      { text: "Configure single sign-on." },
      { text: "Customers charged twice get a refund.", context: "Refund policy" },
    ]);
    if (!hit || !miss || !titled) throw new Error("missing vectors");
    expect(dot(q, hit)).toBeGreaterThan(0);
    expect(dot(q, miss)).toBe(0);
    expect(dot(q, titled)).toBeGreaterThan(dot(q, hit));
  });

  it("keeps code-like tokens whole, without sentence punctuation, and leaves plain or hyphenated words to the word features", () => {
    expect(symbolTokens("What does @{-1} refer to? HEAD~2 vs HEAD^2, git log -S<string>.")).toEqual(["@{-1}", "head~2", "head^2", "-s"]);
    expect(symbolTokens("Set `text=auto` (see core.askPass), then run --hard.")).toEqual(["text=auto", "core.askpass", "--hard"]);
    expect(symbolTokens("a non-fast-forward push_mode is rejected")).toEqual([]);
  });

  it("finds the passage that defines an exact syntax the words alone cannot tell apart", async () => {
    // Given two passages with the same words, only one of which shows the syntax asked about (both say "1")
    const e = new LocalSparseEmbedder();
    const [defines, other] = await e.embedDocuments([
      { text: "The construct @{-1} means the branch checked out before the current one." },
      { text: "The construct @{1} means the branch checked out before the current one." },
    ]);
    if (!defines || !other) throw new Error("missing vectors");
    // When the user types the syntax itself
    const q = await e.embedQuery("What does @{-1} mean?");
    // Then the defining passage scores higher
    expect(dot(q, defines)).toBeGreaterThan(dot(q, other));
  });

  it("keeps vectors within pgvector's HNSW limit of 1000 non-zero entries, sorted", async () => {
    const text = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(" ");
    const [v] = await new LocalSparseEmbedder().embedDocuments([{ text }]);
    expect(v?.indices.length).toBeLessThanOrEqual(MAX_NONZERO);
    expect(v?.indices).toEqual([...(v?.indices ?? [])].sort((a, b) => a - b));
  });

  it("puts its knobs in its id, so differently weighted vectors never share an index", () => {
    expect(new LocalSparseEmbedder().id).toBe("local-bm25-hash-v3");
    expect(new LocalSparseEmbedder({ k1: 2 }).id).not.toBe("local-bm25-hash-v3");
    expect(hashFeature("u:refund")).toBe(hashFeature("u:refund"));
  });
});
