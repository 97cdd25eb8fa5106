import { describe, expect, it } from "vitest";
import { fitLsa, foldIn, termCounts, type LsaModel } from "./model.ts";

/** Passages where "automobile" and "car" are used interchangeably around engines, next to unrelated fruit passages. */
const CORPUS = [
  "The car engine needs oil every spring.",
  "An automobile engine overheats without coolant.",
  "Automobile insurance covers the car after an accident.",
  "Check the car tyres and the engine belt.",
  "The automobile dealer sells each car with a warranty.",
  "Bananas and apples are fruit rich in fibre.",
  "Peel the banana, slice the apple, serve the fruit.",
  "Orchards grow apple trees; plantations grow banana fruit.",
].map((text) => ({ text }));

const cos = (a: number[] | undefined, b: number[] | undefined) => (a && b ? a.reduce((s, x, i) => s + x * (b[i] as number), 0) : Number.NaN);
const embed = (m: LsaModel, text: string) => foldIn(termCounts({ text }), (t) => m.terms.get(t), m.dimensions);

describe("LSA fitted on a corpus", () => {
  it("places a query near passages that use its co-occurring synonym, and far from unrelated ones", () => {
    // Given a 2-dimensional model of car and fruit passages
    const m = fitLsa(CORPUS, { dimensions: 2 });
    // When a query says "automobile" and a passage only "car"
    const q = embed(m, "automobile");
    const carOnly = embed(m, "Check the car tyres.");
    const fruit = embed(m, "Slice the banana.");
    // Then the query is close to the car passage and not to the fruit one
    expect(cos(q, carOnly)).toBeGreaterThan(0.8);
    expect(cos(q, carOnly)).toBeGreaterThan(cos(q, fruit) + 0.5);
  });

  it("is deterministic: the same corpus gives the same projection", () => {
    const a = fitLsa(CORPUS, { dimensions: 3 });
    const b = fitLsa(CORPUS, { dimensions: 3 });
    expect([...a.terms.keys()]).toEqual([...b.terms.keys()]);
    expect(a.terms.get("engine")?.vector).toEqual(b.terms.get("engine")?.vector);
    expect(a).toMatchObject({ dimensions: 3, fittedOn: CORPUS.length, version: "lsa-v1" });
  });

  it("has no place for a text without a known word, and counts context words more", () => {
    const m = fitLsa(CORPUS, { dimensions: 2 });
    expect(embed(m, "quantum chromodynamics")).toBeUndefined();
    expect(termCounts({ text: "engine", context: "Engine care" }, 2).get("engine")).toBe(3);
  });

  it("caps dimensions at what a tiny corpus supports", () => {
    expect(fitLsa(CORPUS.slice(0, 2), { dimensions: 128 }).dimensions).toBeLessThanOrEqual(2);
  });
});
