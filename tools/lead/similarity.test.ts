import { describe, expect, it } from "vitest";
import { editSimilarity, nameSimilarity } from "./similarity.ts";

describe("nameSimilarity", () => {
  it("tolerates a typo, a missing middle name and an initial", () => {
    expect(nameSimilarity("john smith", "jon smith")).toBeGreaterThanOrEqual(0.85);
    expect(nameSimilarity("ana ruiz", "ana maria ruiz")).toBe(1);
    expect(nameSimilarity("j smith", "john smith")).toBeGreaterThanOrEqual(0.85);
  });
  it("does not call two people alike for a shared first name or surname", () => {
    expect(nameSimilarity("ana smith", "ana ruiz")).toBeLessThan(0.6);
    expect(nameSimilarity("lopez maria", "ana lopez")).toBeLessThan(0.6);
  });
});

describe("editSimilarity", () => {
  it("is 1 for equal strings and falls with edits", () => {
    expect(editSimilarity("acme", "acme")).toBe(1);
    expect(editSimilarity("", "")).toBe(1);
    expect(editSimilarity("globex", "globax")).toBeCloseTo(5 / 6);
  });
});
