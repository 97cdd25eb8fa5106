import { describe, expect, it } from "vitest";
import { matchAccount } from "./account-match.ts";
import { normalizeCompany } from "./normalize.ts";

describe("matchAccount", () => {
  it("links a new person at a known company to that company's account", () => {
    // Given two contacts of account A-1 at "ACME Inc." and one elsewhere
    const people = [
      { type: "contact" as const, id: "C-1", company: "ACME Inc.", accountId: "A-1" },
      { type: "contact" as const, id: "C-2", company: "Acme", accountId: "A-1" },
      { type: "contact" as const, id: "C-3", company: "Globex", accountId: "A-2" },
    ];
    // When a lead from "The Acme Company" arrives
    const m = matchAccount(normalizeCompany("The Acme Company"), people);
    // Then it belongs with A-1, and the reason names the contacts
    expect(m).toMatchObject({ accountId: "A-1", via: ["C-1", "C-2"], score: 1 });
    expect(m?.why).toContain("C-1, C-2");
  });
  it("finds nothing without a company, or when only leads (no accounts) match", () => {
    expect(matchAccount(undefined, [{ type: "contact", id: "C-1", company: "Acme", accountId: "A-1" }])).toBeUndefined();
    expect(matchAccount("acme", [{ type: "lead", id: "L-1", company: "Acme" }])).toBeUndefined();
  });
});
