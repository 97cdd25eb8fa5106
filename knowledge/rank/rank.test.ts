import { describe, expect, it } from "vitest";
import { fitLsa } from "../lsa/model.ts";
import { decodeLsa, encodeLsa } from "../store/lsa-blob.ts";
import { FEATURES } from "./features.ts";
import { type IndexChunk, KbIndex } from "./kb-index.ts";
import { fitRanker, toVector } from "./model.ts";
import { pseudoQueries } from "./pseudo.ts";
import { BM25_ONLY, rankDocuments } from "./rank.ts";
import { PRIORS } from "./fit.ts";

let id = 0;
const chunk = (document: string, content: string, o: Partial<IndexChunk> = {}): IndexChunk => ({
  id: String(++id), document, title: document, summary: "", heading: "", content, contentKey: o.contentKey ?? `${document}:${content}`, labels: [], ...o,
});

const CHUNKS = [
  chunk("refunds", "Customers charged twice get a refund within five business days from billing."),
  chunk("refunds", "A chargeback freezes the account until billing reviews the dispute with the bank."),
  chunk("sso", "Configure the identity provider metadata URL and certificate to enable single sign-on."),
  chunk("escalation", "Severity one outages page the on-call engineer and notify the account owner at once."),
  // The same licence notice in two pages: weak evidence for either.
  chunk("sso", "Licence: this page is shared under the documentation licence terms.", { contentKey: "licence" }),
  chunk("escalation", "Licence: this page is shared under the documentation licence terms.", { contentKey: "licence" }),
];

describe("in-memory ranking", () => {
  it("ranks the document whose text matches, and hides what the filter or the excluded chunk hides", () => {
    const ix = new KbIndex(CHUNKS);
    expect(rankDocuments(ix, "charged twice refund", BM25_ONLY)[0]?.document).toBe("refunds");
    // A caller who may see only the sso page never gets refunds
    const onlySso = (i: number) => ix.chunks[i]?.document === "sso";
    expect(rankDocuments(ix, "charged twice refund", BM25_ONLY, { filter: onlySso }).map((d) => d.document)).not.toContain("refunds");
    // Hiding the matching chunk: no other passage of refunds says it, so refunds is not found
    const hit = ix.chunks.findIndex((c) => c.content.includes("charged twice"));
    expect(rankDocuments(ix, "charged twice", BM25_ONLY, { exclude: hit }).map((d) => d.document)).not.toContain("refunds");
  });

  it("splits a passage shared by several documents between them", () => {
    const ix = new KbIndex(CHUNKS);
    const shared = ix.share[ix.chunks.findIndex((c) => c.contentKey === "licence")];
    expect(shared).toBe(0.5);
  });

  it("cites a document's best passages first", () => {
    const ix = new KbIndex(CHUNKS);
    const [top] = rankDocuments(ix, "chargeback dispute bank", BM25_ONLY, { chunksPerDoc: 2 });
    expect(ix.chunks[top?.chunks[0] ?? -1]?.content).toContain("chargeback");
  });
});

describe("ranker fit", () => {
  it("raises the weight of a feature that separates the relevant candidate, keeps weights ≥ 0, and is deterministic", () => {
    // Given training queries where only feature "cover" (index 7) tells the relevant candidate apart
    const cover = FEATURES.indexOf("cover");
    const x = (c: number, rest: number) => Float32Array.from(FEATURES, (_, f) => (f === cover ? c : rest));
    const groups = Array.from({ length: 40 }, (_, i) => ({ x: [x(1, 0.5), x(0.1, 0.5 + (i % 3) * 0.1), x(0.2, 0.6)], relevant: [true, false, false] }));
    const o = { prior: PRIORS.fusion, l2: 0.01, iterations: 200 };
    const fit = fitRanker(groups, o);
    // Then its weight grows from the prior, the loss falls, and nothing goes negative
    expect(fit.weights.cover).toBeGreaterThan(PRIORS.fusion.cover + 1);
    expect(fit.loss.fitted).toBeLessThan(fit.loss.prior);
    expect(Math.min(...toVector(fit.weights))).toBeGreaterThanOrEqual(0);
    expect(fitRanker(groups, o)).toEqual(fit);
  });
});

describe("pseudo-queries", () => {
  it("are drawn from passages of one document only, the same for the same seed", () => {
    const long = (d: string, w: string) => chunk(d, `${w} `.repeat(6) + "and the guide explains every step of the procedure in detail for each reader. Then it ends here.");
    const ix = new KbIndex([long("a", "alpha"), long("b", "beta"), ...CHUNKS]);
    const qs = pseudoQueries(ix, "mix", 12, 3);
    expect(qs.length).toBeGreaterThan(0);
    for (const q of qs) expect(ix.share[q.chunk]).toBe(1);
    expect(pseudoQueries(ix, "mix", 12, 3)).toEqual(qs);
    expect(qs.some((q) => q.exclude === q.chunk)).toBe(true);
  });
});

describe("LSA blob", () => {
  it("round-trips a fitted projection", () => {
    const m = fitLsa(CHUNKS.map((c) => ({ text: c.content })), { dimensions: 2 });
    const back = decodeLsa(encodeLsa(m));
    expect(back.dimensions).toBe(m.dimensions);
    expect([...back.terms.keys()]).toEqual([...m.terms.keys()]);
    expect(Array.from(back.terms.get("refund")?.vector ?? [])).toEqual(Array.from(m.terms.get("refund")?.vector ?? []));
  });
});
