import { describe, expect, it } from "vitest";
import { ticketTerms } from "./features.ts";
import { charNgrams, MAX_TOKENS, MAX_WORD_CHARS, normalizeText, tokenize } from "./tokenize.ts";

describe("normalizeText", () => {
  it("folds case, umlauts and ß so German spellings with and without them meet", () => {
    // Given the same words typed three ways
    const variants = ["Größe der RECHNUNG", "GROESSE der Rechnung", "grösse der rechnung"];
    // When normalised
    const out = variants.map(normalizeText);
    // Then they are one string
    expect(new Set(out).size).toBe(1);
    expect(out[0]).toBe("groesse der rechnung");
  });

  it("strips other accents and maps the capital sharp s and full-width letters", () => {
    expect(normalizeText("Café ÉTÉ")).toBe("cafe ete");
    expect(normalizeText("STRAẞE")).toBe("strasse");
    expect(normalizeText("ＡＢＣ")).toBe("abc");
  });
});

describe("tokenize", () => {
  it("splits on punctuation and keeps letters of any script", () => {
    expect(tokenize("Rechnung #4711 doppelt abgebucht?! Über-Weisung, 東京 OK.")).toEqual([
      "rechnung",
      "#num",
      "doppelt",
      "abgebucht",
      "ueber",
      "weisung",
      "東京",
      "ok",
    ]);
  });

  it("returns nothing for empty, blank or missing text", () => {
    expect(tokenize("")).toEqual([]);
    expect(tokenize("   \n\t ")).toEqual([]);
    expect(tokenize(undefined)).toEqual([]);
    expect(tokenize(null)).toEqual([]);
    expect(tokenize("!!! ??? ---")).toEqual([]);
  });

  it("caps the number of tokens and the length of a token on very long input", () => {
    // Given a pasted log of a million characters with one giant "word"
    const huge = `${"x".repeat(5000)} ${"fehler ".repeat(200_000)}`;
    // When tokenised
    const tokens = tokenize(huge);
    // Then the output is bounded
    expect(tokens).toHaveLength(MAX_TOKENS);
    expect(tokens[0]).toHaveLength(MAX_WORD_CHARS);
    expect(tokens[1]).toBe("fehler");
  });

  it("survives odd unicode: emoji, zero-width and combining characters, lone surrogates", () => {
    const odd = "Hilfe 🙈\u200b bitte\u0301 \ud800 e\u0301te ﬁle";
    expect(tokenize(odd)).toEqual(["hilfe", "bitte", "ete", "file"]);
  });
});

describe("charNgrams", () => {
  it("marks word boundaries so prefixes and suffixes are their own features", () => {
    const grams = charNgrams("abcd");
    expect(grams).toContain("_ab");
    expect(grams).toContain("cd_");
    expect(grams).toContain("_abcd");
    expect(grams).toContain("abcd_");
    // 3-grams of "_abcd_": 4, 4-grams: 3, 5-grams: 2
    expect(grams).toHaveLength(9);
  });

  it("keeps a one-letter word whole", () => {
    expect(charNgrams("x")).toEqual(["_x_"]);
  });
});

describe("ticketTerms", () => {
  it("names words, bigrams, subject words, character n-grams and context readably", () => {
    // Given a ticket with subject, body, language and a customer tier
    const t = ticketTerms(
      { id: "t", subject: "Rechnung falsch", body: "Die Rechnung ist falsch", language: "de" },
      { tier: "Gold", arr: 24000 },
    );
    // Then the term families are there, with counts across subject and body
    expect(t.words.get("word:rechnung")).toBe(2);
    expect(t.words.get("bigram:rechnung falsch")).toBe(1);
    expect(t.words.get("bigram:falsch die")).toBeUndefined(); // no bigram across subject and body
    expect(t.words.get("subject:rechnung")).toBe(1);
    expect(t.chars.get("_rech")).toBe(2);
    expect(t.meta).toEqual(["arr=1e4", "lang=de", "tier=gold"]);
  });

  it("gives empty blocks for an empty ticket", () => {
    const t = ticketTerms({ id: "t" });
    expect(t.words.size + t.chars.size + t.meta.length).toBe(0);
  });
});
