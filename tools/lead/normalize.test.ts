import { describe, expect, it } from "vitest";
import { toCountryCode } from "./country.ts";
import { normalizeCompany, normalizeEmail, normalizeLead, normalizePersonName, normalizePhone } from "./normalize.ts";

describe("normalizeEmail", () => {
  it("lowercases, trims and strips plus-addressing for any provider", () => {
    expect(normalizeEmail("  Ana.Ruiz+Webinar@Acme.IO ")).toBe("ana.ruiz@acme.io");
  });
  it("also ignores dots for Gmail and folds googlemail.com into gmail.com", () => {
    expect(normalizeEmail("a.n.a+x@googlemail.com")).toBe("ana@gmail.com");
    expect(normalizeEmail("ana@gmail.com")).toBe("ana@gmail.com");
  });
  it("returns undefined for things that are not addresses", () => {
    expect(normalizeEmail("ana at acme")).toBeUndefined();
    expect(normalizeEmail("")).toBeUndefined();
    expect(normalizeEmail(undefined)).toBeUndefined();
  });
});

describe("normalizePhone", () => {
  it("reads international, 00-prefixed and national formats to the same E.164", () => {
    // Given three ways people type the same Spanish mobile
    const forms = ["+34 612 34 56 78", "0034612345678", "612345678"];
    // When each is read with Spain as the lead's country
    const out = forms.map((f) => normalizePhone(f, "ES"));
    // Then they are one number
    expect(out).toEqual(["+34612345678", "+34612345678", "+34612345678"]);
  });
  it("keeps an explicit country code over the default region", () => {
    expect(normalizePhone("+1 415 555 2671", "ES")).toBe("+14155552671");
  });
  it("rejects invalid numbers and national numbers with no region to read them in", () => {
    expect(normalizePhone("12", "ES")).toBeUndefined();
    expect(normalizePhone("call me", "ES")).toBeUndefined();
    expect(normalizePhone("612345678")).toBeUndefined();
  });
});

describe("normalizeCompany", () => {
  it("drops case, punctuation, a leading 'the' and legal suffixes", () => {
    expect(normalizeCompany("Acme Inc.")).toBe("acme");
    expect(normalizeCompany("ACME")).toBe("acme");
    expect(normalizeCompany("The Acme Co., Ltd.")).toBe("acme");
    expect(normalizeCompany("Telefónica S.A.")).toBe("telefonica");
    expect(normalizeCompany("Müller GmbH")).toBe("muller");
    expect(normalizeCompany("Smith & Sons LLC")).toBe("smith and sons");
  });
  it("never strips a name down to nothing", () => {
    expect(normalizeCompany("Company")).toBe("company");
    expect(normalizeCompany("  ")).toBeUndefined();
  });
});

describe("normalizePersonName", () => {
  it("makes word order, case and accents irrelevant", () => {
    expect(normalizePersonName("Ruiz, Ána")).toBe(normalizePersonName("ana RUIZ"));
  });
});

describe("toCountryCode", () => {
  it("accepts ISO codes and English names, including common aliases", () => {
    expect(toCountryCode("ES")).toBe("ES");
    expect(toCountryCode("India")).toBe("IN");
    expect(toCountryCode("united states")).toBe("US");
    expect(toCountryCode("UK")).toBe("GB");
    expect(toCountryCode("Hong Kong")).toBe("HK");
    expect(toCountryCode("Côte d’Ivoire")).toBe("CI");
  });
  it("returns undefined for unknown or non-country values", () => {
    expect(toCountryCode("unknown")).toBeUndefined();
    expect(toCountryCode("Asia/Pacific Region")).toBeUndefined();
    expect(toCountryCode("XX")).toBeUndefined();
  });
});

describe("normalizeLead with bad input", () => {
  it("keeps a lead with no email, phone or company and says what is missing", () => {
    const n = normalizeLead({ id: "L-1" });
    expect(n).toMatchObject({ id: "L-1", email: undefined, phone: undefined, company: undefined });
    expect(n.issues).toContain("contact: no usable email, phone or name");
  });
  it("reports an unknown country and cannot read a national phone without it", () => {
    const n = normalizeLead({ id: "L-2", name: "Ana", phone: "612345678", country: "Atlantis" });
    expect(n.country).toBeUndefined();
    expect(n.phone).toBeUndefined();
    expect(n.issues).toEqual([
      "country: unknown 'Atlantis'",
      "phone: '612345678' is not a valid number (no country to read it in)",
    ]);
  });
  it("uses a country name as the phone's default region", () => {
    expect(normalizeLead({ id: "L-3", phone: "098765 43210", country: "India" }).phone).toBe("+919876543210");
  });
});
