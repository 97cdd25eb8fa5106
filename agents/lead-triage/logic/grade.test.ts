import { describe, expect, it } from "vitest";
import { gradeLead } from "./grade.ts";

describe("gradeLead", () => {
  it("grades by the default cut-offs, inclusive at each boundary", () => {
    expect([0.95, 0.7, 0.69, 0.45, 0.2, 0.19].map((p) => gradeLead(p).grade)).toEqual(["A", "A", "B", "B", "C", "D"]);
  });
  it("uses configured cut-offs and explains the grade", () => {
    const g = gradeLead(0.3, { A: 0.5, B: 0.25, C: 0.1 });
    expect(g).toEqual({ grade: "B", why: "p=0.30 ≥ B cut-off 0.25" });
  });
  it("grades a missing score D and says so", () => {
    expect(gradeLead(Number.NaN)).toEqual({ grade: "D", why: "no score available" });
    expect(gradeLead(null).grade).toBe("D");
  });
});
