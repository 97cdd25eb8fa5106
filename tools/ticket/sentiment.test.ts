import { describe, expect, it } from "vitest";
import { detectSentiment, MAX_SCAN_CHARS } from "./sentiment.ts";
import type { Lexicon } from "./lexicon.ts";

const ids = (r: ReturnType<typeof detectSentiment>) => r.cues.map((c) => c.id);

describe("detectSentiment", () => {
  it("scores an angry English ticket high and names the cues that fired", () => {
    // Given a customer writing for the third time, shouting, threatening to cancel
    const r = detectSentiment({
      subject: "STILL NOT FIXED!!!",
      body: "This is the third time I write. Unacceptable. I will cancel my contract and talk to my lawyer.",
    });
    // Then anger is high and each cue is reported
    expect(r.anger).toBeGreaterThan(0.9);
    expect(ids(r)).toEqual(
      expect.arrayContaining(["en:lawyer", "en:unacceptable", "en:third time", "en:still not", "en:cancel my contract", "pattern:exclamations", "pattern:all_caps"]),
    );
    // And the longer phrase wins over its prefix
    expect(ids(r)).not.toContain("en:cancel");
  });

  it("scores an angry German ticket, folding umlauts and inflections", () => {
    const r = detectSentiment({
      body: "Das ist eine Frechheit! Es funktioniert immer noch nicht, ich werde KÜNDIGEN. Bitte sofort beheben, dringend!",
    });
    expect(r.anger).toBeGreaterThan(0.8);
    expect(ids(r)).toEqual(expect.arrayContaining(["de:frechheit", "de:kündig*", "de:immer noch nicht"]));
    expect(ids(r)).toEqual(expect.arrayContaining(["de:sofort*", "de:dringend*"]));
    expect(r.urgency).toBeGreaterThan(0.7);
  });

  it("does not fire a cue negated in the same clause, in English and German", () => {
    const en = detectSentiment({ body: "This is not urgent, whenever you have time. I do not want to cancel." });
    const de = detectSentiment({ body: "Die Sache ist nicht dringend." });
    expect(en.urgency).toBe(0);
    expect(en.anger).toBe(0);
    expect(en.negated).toEqual(expect.arrayContaining(["en:urgent", "en:cancel"]));
    expect(de.urgency).toBe(0);
  });

  it("does not let a negation reach across a clause boundary", () => {
    // "nicht" belongs to the first clause; the threat to cancel still counts
    const r = detectSentiment({ body: "Es geht nicht, ich werde kündigen" });
    expect(ids(r)).toContain("de:kündig*");
  });

  it("keeps a deadline that stands after a negation", () => {
    const r = detectSentiment({ body: "Ich kündige, wenn das nicht heute behoben wird" });
    expect(ids(r)).toEqual(expect.arrayContaining(["de:kündig*", "de:heute"]));
  });

  it("flags outages and deadlines as urgency, not anger", () => {
    const r = detectSentiment({ subject: "Production down", body: "Our portal is down since this morning, we need it fixed today." });
    expect(r.anger).toBe(0);
    expect(ids(r)).toEqual(expect.arrayContaining(["en:down", "en:today"]));
    expect(r.urgency).toBeGreaterThan(0.5);
  });

  it("does not treat a couple of acronyms as shouting", () => {
    const r = detectSentiment({ body: "Our AWS VPN connection drops every hour." });
    expect(ids(r)).not.toContain("pattern:all_caps");
  });

  it("returns zero scores and no cues for empty or missing text", () => {
    for (const input of [{}, { subject: "", body: "" }, { subject: null, body: null }, { body: "   \n\t " }]) {
      const r = detectSentiment(input);
      expect(r).toMatchObject({ anger: 0, urgency: 0, cues: [], truncated: false });
    }
  });

  it("finds nothing in a language it has no lexicon for, without failing", () => {
    const r = detectSentiment({ body: "Bonjour, je voudrais changer mon adresse de livraison s'il vous plaît." });
    expect(r.cues).toEqual([]);
  });

  it("bounds the work on very long text and says it truncated", () => {
    // Given a pasted log far beyond the scan bound with an angry word only at the end
    const body = "log line ok ".repeat(200_000) + " unacceptable";
    const r = detectSentiment({ subject: "Unacceptable", body });
    expect(r.truncated).toBe(true);
    expect(body.length).toBeGreaterThan(MAX_SCAN_CHARS);
    // The subject is read first, so the cue in it still fires
    expect(ids(r)).toContain("en:unacceptable");
  });

  it("survives odd unicode: zero-width joiners, full-width forms, lone surrogates, emoji", () => {
    const r = detectSentiment({ body: "un\u200Bacceptable \uD800 ＵＮＡＣＣＥＰＴＡＢＬＥ ！！ 😡 doesn’t work" });
    expect(ids(r)).toEqual(expect.arrayContaining(["en:unacceptable", "pattern:exclamations", "en:doesn't work"]));
  });

  it("is extended by a lexicon table", () => {
    const fr: Lexicon = { language: "fr", negators: ["pas"], terms: [{ term: "inadmissible", kind: "anger", weight: 0.6 }] };
    const r = detectSentiment({ body: "C'est inadmissible" }, [fr]);
    expect(r.cues).toEqual([{ kind: "anger", id: "fr:inadmissible", language: "fr", match: "inadmissible", weight: 0.6 }]);
  });
});
