import { describe, expect, it } from "vitest";
import { routingSettings } from "../policy.ts";
import { decideEscalation, nextPriority } from "./escalation.ts";
import { detectSentiment } from "../../../tools/ticket/sentiment.ts";

const settings = routingSettings({ settings: {} });
const PRIORITIES = ["low", "medium", "high"];
const calm = detectSentiment({ body: "Could you send me last month's invoice?" });

describe("decideEscalation", () => {
  it("escalates an angry English customer to a senior and says which cue fired", () => {
    const sentiment = detectSentiment({ body: "Third time I ask. This is unacceptable, I will call my lawyer!!" });
    const d = decideEscalation({ queue: "Billing", priority: "medium", priorityLabels: PRIORITIES, sentiment }, settings);
    expect(d).toMatchObject({ escalate: true, target: "senior_assignee", seniorRequired: true, queue: "Billing" });
    expect(d.reasons[0]?.cause).toBe("anger");
    expect(d.reasons[0]?.text).toContain('"lawyer"');
    expect(d.evidence.some((e) => e.text.startsWith("escalated: anger"))).toBe(true);
  });

  it("escalates an angry German customer", () => {
    const sentiment = detectSentiment({ body: "Eine Frechheit, das ist inakzeptabel. Ich werde kündigen." });
    const d = decideEscalation({ queue: "Billing", priorityLabels: PRIORITIES, sentiment }, settings);
    expect(d.escalate).toBe(true);
    expect(d.reasons[0]?.cues).toEqual(expect.arrayContaining(["de:frechheit", "de:inakzeptabel", "de:kündig*"]));
  });

  it("does not escalate a routine cancellation request on its own", () => {
    const sentiment = detectSentiment({ body: "Please cancel my subscription to your newsletter." });
    const d = decideEscalation({ queue: "Account", priorityLabels: PRIORITIES, sentiment }, settings);
    expect(sentiment.cues.map((c) => c.id)).toEqual(["en:cancel my subscription"]);
    expect(d.escalate).toBe(false);
  });

  it("escalates a calm high-value customer by tier and by ARR, and a small one not", () => {
    const byTier = decideEscalation({ queue: "Billing", priorityLabels: PRIORITIES, sentiment: calm, customer: { tier: "Enterprise" } }, settings);
    const byArr = decideEscalation({ queue: "Billing", priorityLabels: PRIORITIES, sentiment: calm, customer: { tier: "silver", arr: 250_000 } }, settings);
    const small = decideEscalation({ queue: "Billing", priorityLabels: PRIORITIES, sentiment: calm, customer: { tier: "silver", arr: 5_000 } }, settings);
    expect(byTier.reasons.map((r) => r.cause)).toEqual(["high_value_tier"]);
    expect(byArr.reasons.map((r) => r.cause)).toEqual(["high_value_arr"]);
    expect(small).toMatchObject({ escalate: false, target: null, seniorRequired: false, reasons: [] });
  });

  it("moves the ticket to the senior queue when the policy says so, keeping the classified queue", () => {
    const s = routingSettings({ settings: { escalateTo: "senior_queue", seniorQueue: "Tier 2", seniorArrAbove: 50_000 } });
    const d = decideEscalation({ queue: "Billing", priorityLabels: PRIORITIES, sentiment: calm, customer: { arr: 60_000 } }, s);
    expect(d).toMatchObject({ target: "senior_queue", queue: "Tier 2", classifiedQueue: "Billing" });
  });

  it("raises the priority one level on strong urgency and says so", () => {
    const sentiment = detectSentiment({ body: "URGENT: production is down, outage since this morning, fix it today" });
    const d = decideEscalation({ queue: "IT", priority: "medium", priorityConfidence: 0.4, priorityLabels: PRIORITIES, sentiment }, settings);
    expect(d.priority).toBe("high");
    expect(d.priorityRaised).toMatchObject({ from: "medium", to: "high" });
    expect(d.evidence.some((e) => e.text.startsWith("priority raised medium → high"))).toBe(true);
  });

  it("keeps a confident classifier's priority despite urgency, and says why", () => {
    const sentiment = detectSentiment({ body: "Dringend: Ausfall seit heute, bitte sofort beheben" });
    const d = decideEscalation({ queue: "IT", priority: "medium", priorityConfidence: 0.97, priorityLabels: PRIORITIES, sentiment }, settings);
    expect(d.priority).toBe("medium");
    expect(d.priorityRaised).toBeNull();
    expect(d.evidence.some((e) => e.text.startsWith("priority kept at medium") && e.text.includes("confident (0.97"))).toBe(true);
  });

  it("leaves the priority alone when urgency is weak, already top, or raising is off", () => {
    const weak = detectSentiment({ body: "please reply today" });
    const strong = detectSentiment({ body: "urgent outage, system down, fix immediately" });
    expect(decideEscalation({ queue: "IT", priority: "low", priorityLabels: PRIORITIES, sentiment: weak }, settings).priority).toBe("low");
    expect(decideEscalation({ queue: "IT", priority: "high", priorityLabels: PRIORITIES, sentiment: strong }, settings).priorityRaised).toBeNull();
    const off = routingSettings({ settings: { raisePriorityOnUrgency: false } });
    expect(decideEscalation({ queue: "IT", priority: "low", priorityLabels: PRIORITIES, sentiment: strong }, off).priority).toBe("low");
  });
});

describe("nextPriority", () => {
  it("steps to the next known label and never invents one", () => {
    const order = settings.priorityOrder;
    expect(nextPriority("low", ["low", "medium", "high"], order)).toBe("medium");
    expect(nextPriority("Medium", ["Low", "Medium", "Critical"], order)).toBe("Critical");
    expect(nextPriority("P3", ["P1", "P2", "P3"], order)).toBeUndefined();
  });
});

describe("routingSettings", () => {
  it("fails fast listing every bad knob", () => {
    expect(() => routingSettings({ settings: { angerThreshold: 2, escalateTo: "boss" } })).toThrow(/angerThreshold[\s\S]*escalateTo/);
  });
});
