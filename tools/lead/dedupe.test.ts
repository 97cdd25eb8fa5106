import { describe, expect, it } from "vitest";
import type { ExistingPerson } from "../../crm/types.ts";
import { findDuplicates } from "./dedupe.ts";
import { normalizeLead } from "./normalize.ts";

const person = (p: Partial<ExistingPerson> & { id: string }): ExistingPerson => ({ type: "lead", ...p });

describe("findDuplicates: exact keys", () => {
  it("merges a lead whose email differs only by case and plus-addressing", () => {
    // Given an existing contact ana@acme.io
    const existing = [person({ type: "contact", id: "C-1", name: "Ana Ruiz", email: "ana@acme.io" })];
    // When a lead arrives as ANA+webinar@Acme.io
    const lead = normalizeLead({ id: "L-9", name: "Ana Ruiz", email: "ANA+webinar@Acme.io" });
    const [m, ...rest] = findDuplicates(lead, existing);
    // Then it is merged into that contact and the decision says why
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ record: { type: "contact", id: "C-1" }, matchType: "exact_email", resolution: "merge", score: 1 });
    expect(m?.why).toContain("ana@acme.io");
  });

  it.each(["+34 612 34 56 78", "0034612345678", "612345678"])("matches the phone typed as %s with country ES", (typed) => {
    const existing = [person({ id: "L-1", phone: "+34612345678" })];
    const lead = normalizeLead({ id: "L-9", phone: typed, country: "ES" });
    expect(findDuplicates(lead, existing)).toMatchObject([{ record: { id: "L-1" }, matchType: "exact_phone", resolution: "merge" }]);
  });

  it("reads the existing record's national phone in the lead's country", () => {
    const existing = [person({ id: "L-1", phone: "612 34 56 78" })];
    const lead = normalizeLead({ id: "L-9", phone: "+34612345678", country: "Spain" });
    expect(findDuplicates(lead, existing)).toHaveLength(1);
  });

  it("only links (not merges) when the email is shared but the names clearly differ", () => {
    const existing = [person({ id: "L-1", name: "Bob Lee", email: "info@acme.io" })];
    const lead = normalizeLead({ id: "L-9", name: "Ana Ruiz", email: "info@acme.io" });
    const [m] = findDuplicates(lead, existing);
    expect(m).toMatchObject({ resolution: "link", matchType: "exact_email" });
    expect(m?.why).toContain("different name");
  });
});

describe("findDuplicates: fuzzy name + company", () => {
  it("links 'Acme Inc.' and 'ACME' for the same person", () => {
    const existing = [person({ id: "L-1", name: "Jon Smith", company: "ACME" })];
    const lead = normalizeLead({ id: "L-9", name: "John Smith", company: "Acme Inc." });
    const [m] = findDuplicates(lead, existing);
    expect(m).toMatchObject({ record: { id: "L-1" }, matchType: "fuzzy_name_company", resolution: "link" });
    expect(m?.score).toBeGreaterThan(0.9);
    expect(m?.why).toMatch(/name "Jon Smith" \d+% alike and company "ACME" 100% alike/);
  });

  it("does not match a different person at the same company", () => {
    const existing = [person({ id: "L-1", name: "Maria Lopez", company: "Acme Inc.", email: "maria@acme.io" })];
    const lead = normalizeLead({ id: "L-9", name: "Ana Ruiz", company: "ACME", email: "ana@acme.io" });
    expect(findDuplicates(lead, existing)).toEqual([]);
  });

  it("does not match on company alone when names are missing", () => {
    const existing = [person({ id: "O-1", company: "Ron-tech" })];
    const lead = normalizeLead({ id: "O-2", company: "Ron-tech" });
    expect(findDuplicates(lead, existing)).toEqual([]);
  });

  it("does not match the same name at a different company", () => {
    const existing = [person({ id: "L-1", name: "Ana Ruiz", company: "Globex" })];
    const lead = normalizeLead({ id: "L-9", name: "Ana Ruiz", company: "Acme" });
    expect(findDuplicates(lead, existing)).toEqual([]);
  });
});

describe("findDuplicates: ordering and bad input", () => {
  it("puts exact merges before fuzzy links, contacts before leads, and ignores the lead itself", () => {
    const existing = [
      person({ id: "L-9", name: "Ana Ruiz", email: "ana@acme.io" }),
      person({ id: "L-2", name: "Ana Ruiz", company: "Acme" }),
      person({ id: "L-1", name: "Ana Ruiz", email: "ana@acme.io", createdAt: "2025-01-01" }),
      person({ type: "contact", id: "C-1", name: "Ana Ruiz", email: "ana@acme.io", createdAt: "2025-06-01" }),
    ];
    const lead = normalizeLead({ id: "L-9", name: "Ana Ruiz", email: "ana@acme.io", company: "Acme" });
    expect(findDuplicates(lead, existing).map((m) => m.record.id)).toEqual(["C-1", "L-1", "L-2"]);
  });

  it("finds nothing for a lead with no usable keys", () => {
    const existing = [person({ id: "L-1", name: "Ana Ruiz", email: "ana@acme.io", phone: "+34612345678" })];
    const lead = normalizeLead({ id: "L-9", email: "not an email", phone: "12" });
    expect(findDuplicates(lead, existing)).toEqual([]);
  });
});
