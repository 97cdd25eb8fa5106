import { describe, expect, it } from "vitest";
import { normCompany, normEmail, normPhone, phoneKey, similarity } from "./normalize.ts";

describe("dedupe keys", () => {
  it("treats plus-addressed and differently cased emails as one address", () => {
    expect(normEmail(" Ana+Webinar@ACME.io ")).toBe("ana@acme.io");
    expect(normEmail("ana@acme.io")).toBe("ana@acme.io");
    expect(normEmail("not an email")).toBeUndefined();
  });

  it("gives international, 00-prefixed and national spellings of one number the same key", () => {
    const keys = [normPhone("+34 911 234 567"), normPhone("0034 911-234-567"), normPhone("911 234 567", "ES")].map((p) => phoneKey(p ?? ""));
    expect(new Set(keys).size).toBe(1);
    expect(normPhone("12")).toBeUndefined();
  });

  it("is idempotent, so callers may pass raw or normalised values", () => {
    const e = normEmail("Ana+x@Acme.io") ?? "";
    expect(normEmail(e)).toBe(e);
    const p = normPhone("+49 30 1234567") ?? "";
    expect(phoneKey(normPhone(p) ?? "")).toBe(phoneKey(p));
    const c = normCompany("The ACME, Inc.") ?? "";
    expect(normCompany(c)).toBe(c);
  });

  it("drops legal forms and punctuation from company names", () => {
    expect(normCompany("The ACME, Inc.")).toBe("acme");
    expect(normCompany("Acme GmbH")).toBe("acme");
    expect(normCompany("Société Générale S.A.")).toBe("societe generale");
    expect(similarity("acme", "acme")).toBe(1);
    expect(similarity("acme labs", "acme lab")).toBeGreaterThan(0.85);
    expect(similarity("acme", "zeta")).toBeLessThan(0.5);
  });
});
