import { describe, expect, it } from "vitest";
import type { Citation } from "../shared/decision.ts";
import { renderClassifyPrompt, renderReply, renderReplyPrompt } from "./prompts.ts";

const citation: Citation = { chunkId: "c1", document: "refunds", title: "Refund policy", heading: "Double charges", score: 0.9, snippet: "We refund…" };

describe("renderReply", () => {
  it("replies in German to a German ticket, names the queue and cites the articles", () => {
    const r = renderReply({
      ticket: { id: "T-1", subject: "Rechnung doppelt", body: "…", language: "de" },
      queue: "Billing and Payments",
      priority: "high",
      escalated: true,
      citations: [citation],
    });
    expect(r.language).toBe("de");
    expect(r.note).toBeUndefined();
    expect(r.text).toContain("Guten Tag");
    expect(r.text).toContain("„Rechnung doppelt\" (Ticket T-1)");
    expect(r.text).toContain("Team Billing and Payments");
    expect(r.text).toContain("erfahrener Spezialist");
    expect(r.text).toContain("[1] Refund policy — Double charges");
  });

  it("falls back to English for a language without a template, and says so", () => {
    const r = renderReply({ ticket: { id: "T-2", subject: "Bonjour", body: "…", language: "fr" }, queue: "General", escalated: false, citations: [] });
    expect(r.language).toBe("en");
    expect(r.note).toBe('no reply template for "fr": drafted in English');
    expect(r.text).toMatch(/^Hello,/);
    expect(r.text).not.toContain("articles");
  });

  it("drafts without a subject or language, deterministically", () => {
    const args = { ticket: { id: "T-3" }, queue: "General", escalated: false, citations: [] };
    expect(renderReply(args)).toEqual(renderReply(args));
    expect(renderReply(args).note).toBe("ticket language unknown: drafted in English");
  });
});

describe("LLM prompts", () => {
  it("bound the ticket text sent to the model", () => {
    const body = "x".repeat(100_000);
    const reply = renderReplyPrompt({ ticket: { id: "T", body, language: "de" }, queue: "Q", escalated: false, citations: [citation] });
    const classify = renderClassifyPrompt({ body }, ["A", "B"], ["low", "high"]);
    expect(JSON.stringify(reply).length).toBeLessThan(10_000);
    expect(JSON.stringify(classify).length).toBeLessThan(10_000);
    expect(reply[0]?.content).toContain('"de"');
    expect(classify[0]?.content).toContain('"A", "B"');
  });
});
