import { describe, expect, it } from "vitest";
import type { Case, LeadCase } from "../cases/schema.ts";
import { peopleFinderFor } from "./people.ts";

const lead = (id: string, asOf: string, l: Partial<LeadCase["lead"]>): LeadCase => ({
  id, agent: "lead-triage", asOf, lead: { id, ...l }, activities: [], outcome: { converted: false },
});
const q = (over: Partial<Parameters<NonNullable<ReturnType<typeof peopleFinderFor>>>[1]>) => ({ excludeId: "", emails: [], phones: [], ...over });

describe("sandbox people index (lead triage)", () => {
  const cases: Case[] = [
    lead("L-3", "2026-03-01", { name: "Ana Ruiz", email: "ana@acme.io" }),
    lead("L-1", "2026-01-01", { name: "Ana Ruiz", email: "ANA+x@acme.io", phone: "612345678", country: "ES", company: "Acme Inc." }),
    lead("L-2", "2026-02-01", { name: "Bob Stone", company: "ACME" }),
  ];
  const find = peopleFinderFor("lead-triage", cases);

  it("only shows a case the people from cases earlier by asOf", () => {
    // Given L-1 (January), L-2 (February) and L-3 (March) in a file ordered otherwise
    const first = cases[1]!;
    const last = cases[0]!;
    // When each looks for the same email
    const query = q({ emails: ["ana@acme.io"] });
    // Then January sees nobody and March sees January
    expect(find?.(first, { ...query, excludeId: "L-1" })).toEqual([]);
    expect(find?.(last, { ...query, excludeId: "L-3" }).map((p) => p.id)).toEqual(["L-1"]);
  });

  it("finds earlier people by E.164 phone and, with a name, by company", () => {
    const late = lead("L-9", "2026-04-01", {});
    cases.push(late);
    const f = peopleFinderFor("lead-triage", cases);
    expect(f?.(late, q({ excludeId: "L-9", phones: ["+34612345678"] })).map((p) => p.id)).toEqual(["L-1"]);
    expect(f?.(late, q({ excludeId: "L-9", company: "acme", name: "bob stone" })).map((p) => p.id).sort()).toEqual(["L-1", "L-2"]);
    // Raw (un-normalised) keys from another caller find the same people.
    expect(f?.(late, q({ excludeId: "L-9", company: "ACME Inc.", name: "Stone, Bob" })).map((p) => p.id).sort()).toEqual(["L-1", "L-2"]);
    // Without a name there is nothing to compare look-alikes on: company alone finds nobody.
    expect(f?.(late, q({ excludeId: "L-9", company: "acme" }))).toEqual([]);
  });

  it("breaks asOf ties by file order", () => {
    const same = [lead("A", "2026-01-01", { email: "x@y.io" }), lead("B", "2026-01-01", { email: "x@y.io" })];
    const f = peopleFinderFor("lead-triage", same);
    expect(f?.(same[1]!, q({ excludeId: "B", emails: ["x@y.io"] })).map((p) => p.id)).toEqual(["A"]);
    expect(f?.(same[0]!, q({ excludeId: "A", emails: ["x@y.io"] }))).toEqual([]);
  });

  it("is not used by other agents", () => {
    expect(peopleFinderFor("renewal-risk", cases)).toBeUndefined();
  });
});
