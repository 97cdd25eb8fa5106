import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readCorpus, runBaseline, unitsOf } from "./baseline.ts";
import { fitTfidf, rankDocuments, tokenize, transform } from "./tfidf.ts";

// Hand-computed with scikit-learn's formulas on the corpus ["apple banana", "apple cherry cherry"]:
// n = 2, idf(apple) = ln(3/3) + 1 = 1, idf(banana) = idf(cherry) = ln(3/2) + 1 ≈ 1.405465.
// "apple banana" → (1, 1.405465) / 1.724915; "apple cherry cherry" → (1, 2.810930) / 2.983503.
const CORPUS = ["apple banana", "apple cherry cherry"];

function weights(text: string, sublinearTf = false): Record<string, number> {
  const model = fitTfidf(CORPUS, { sublinearTf });
  const byIndex = new Map([...model.vocabulary].map(([t, i]) => [i, t] as const));
  return Object.fromEntries([...transform(model, text)].map(([i, w]) => [byIndex.get(i) ?? "?", w]));
}

describe("TF-IDF vectorizer (scikit-learn defaults)", () => {
  it("Given sklearn's token pattern, when text is tokenized, then it is lowercased and 1-character runs are dropped", () => {
    expect(tokenize("It's C++ don't x_y 42 a Café")).toEqual(["it", "don", "x_y", "42", "café"]);
    expect(tokenize("the apple", new Set(["the"]))).toEqual(["apple"]);
  });

  it("Given a two-document corpus, when fitted, then the smoothed IDF is ln((1+n)/(1+df)) + 1", () => {
    const model = fitTfidf(CORPUS);
    expect([...model.vocabulary.keys()]).toEqual(["apple", "banana", "cherry"]);
    expect(model.idf[0]).toBeCloseTo(1, 10);
    expect(model.idf[1]).toBeCloseTo(1.4054651081, 9);
    expect(model.idf[2]).toBeCloseTo(1.4054651081, 9);
  });

  it("Given raw counts, when a document is transformed, then its vector is TF × IDF with unit length", () => {
    const d1 = weights("apple banana");
    expect(d1.apple).toBeCloseTo(0.5797386715, 9);
    expect(d1.banana).toBeCloseTo(0.8148024747, 9);
    const d2 = weights("apple cherry cherry");
    expect(d2.apple).toBeCloseTo(0.3351757433, 9);
    expect(d2.cherry).toBeCloseTo(0.9421556247, 9);
  });

  it("Given sublinear TF, when a repeated word is weighted, then it counts 1 + ln(tf)", () => {
    const d2 = weights("apple cherry cherry", true);
    expect(d2.apple).toBeCloseTo(0.3874113305, 9);
    expect(d2.cherry).toBeCloseTo(0.9219069698, 9);
  });

  it("Given a query with an unknown word, when documents are ranked, then only documents sharing a word are returned, best first", () => {
    const model = fitTfidf(CORPUS);
    const units = [
      { document: "d1", vector: transform(model, CORPUS[0] ?? "") },
      { document: "d2", vector: transform(model, CORPUS[1] ?? "") },
    ];
    const cherry = rankDocuments(units, transform(model, "cherry pie"), 10);
    expect(cherry.map((r) => r.document)).toEqual(["d2"]);
    expect(cherry[0]?.score).toBeCloseTo(0.9421556247, 9);
    expect(rankDocuments(units, transform(model, "Apple?"), 10).map((r) => r.document)).toEqual(["d1", "d2"]);
  });

  it("Given chunk-level units, when a document is scored, then it gets its best chunk's cosine; ties go by name", () => {
    // n = 3, apple and cherry both have df 2, so "apple cherry cherry" → cherry 2/√5 ≈ 0.894427.
    const texts = ["apple banana", "cherry", "apple cherry cherry"];
    const model = fitTfidf(texts);
    const units = [
      { document: "a", vector: transform(model, texts[0] ?? "") },
      { document: "a", vector: transform(model, texts[1] ?? "") },
      { document: "b", vector: transform(model, texts[2] ?? "") },
    ];
    const ranked = rankDocuments(units, transform(model, "cherry"), 10);
    expect(ranked.map((r) => r.document)).toEqual(["a", "b"]);
    expect(ranked[0]?.score).toBeCloseTo(1, 10);
    expect(ranked[1]?.score).toBeCloseTo(0.894427191, 9);
    const twins = [{ document: "z", vector: transform(model, "banana") }, { document: "m", vector: transform(model, "banana") }];
    expect(rankDocuments(twins, transform(model, "banana"), 10).map((r) => r.document)).toEqual(["m", "z"]);
  });
});

describe("baseline run on a corpus folder", () => {
  let dir = "";
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("Given a small Markdown corpus and questions, when the baseline runs, then it reports hit@k and MRR per variant", async () => {
    dir = await mkdtemp(join(tmpdir(), "kb-baseline-"));
    await mkdir(join(dir, "docs", "sub"), { recursive: true });
    await writeFile(join(dir, "docs", "login.md"), "# Log in\n\nAuthenticate to the registry with your username and password.\n");
    await writeFile(join(dir, "docs", "sub", "publish.md"), "# Publish\n\nUpload a package tarball to the registry.\n");
    await writeFile(join(dir, "docs", "logo.png"), new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    const questions = join(dir, "q.jsonl");
    await writeFile(
      questions,
      [
        JSON.stringify({ id: "q1", question: "How do I upload my package?", expectedSources: ["publish"] }),
        JSON.stringify({ id: "q2", question: "Sign out of my account", expectedSources: ["logout"] }),
      ].join("\n"),
    );

    const docs = await readCorpus(join(dir, "docs"));
    expect(docs.map((d) => d.name)).toEqual(["login", "publish"]);
    expect(unitsOf(docs, "doc")[1]?.text).toContain("Upload a package tarball");

    const report = await runBaseline({ docs: join(dir, "docs"), questions, k: 5, stopWords: new Set(["my", "of"]) });
    expect(report.corpus).toMatchObject({ documents: 2, chunks: 2 });
    expect(report.questions).toBe(2);
    for (const granularity of ["doc-raw", "doc", "chunk", "chunk-content"]) {
      // q1 shares "package"/"upload" with publish only; q2 shares nothing with any document.
      expect(report.variants[granularity]?.default).toEqual({ hitAtK: 0.5, mrr: 0.5 });
      expect(Object.keys(report.variants[granularity] ?? {})).toEqual(["default", "sublinear", "stop-words", "stop-words+sublinear"]);
    }
  });
});
