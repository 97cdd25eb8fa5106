import { ChatOpenAI } from "@langchain/openai";
import { afterEach, describe, expect, it } from "vitest";
import { startOpenAiStub, type OpenAiStub, type StubReply } from "../../../test/openai-stub.ts";
import { classifyZeroShot } from "./zero-shot.ts";

let stub: OpenAiStub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function llmAnswering(reply: StubReply) {
  stub = await startOpenAiStub(() => reply);
  return new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "test", maxRetries: 0, timeout: 5_000, configuration: { baseURL: stub.url } });
}

const ticket = { subject: "Rechnung doppelt belastet", body: "Sie haben meine Karte zweimal belastet.", language: "de" };
const settings = { zeroShotQueues: ["Billing and Payments", "Technical Support"] };

describe("classifyZeroShot", () => {
  it("routes with the LLM's structured answer, mapped onto the allowed queue spelling", async () => {
    const llm = await llmAnswering({
      kind: "chat",
      content: JSON.stringify({ queue: "billing and payments", priority: "high", confidence: 0.8, rationale: "double charge" }),
    });
    const r = await classifyZeroShot(llm, ticket, settings);
    expect(r).toEqual({
      ok: true,
      rationale: "double charge",
      prediction: {
        queue: { label: "Billing and Payments", probability: 0.8, alternatives: [], topFactors: [] },
        priority: { label: "high", probability: 0.8, alternatives: [], topFactors: [] },
      },
    });
    // And the prompt carried the ticket and the allowed queues
    const sent = JSON.stringify(stub!.requests[0]?.body);
    expect(sent).toContain("Rechnung doppelt belastet");
    expect(sent).toContain("Technical Support");
  });

  it("falls back with a reason on a malformed reply (not JSON)", async () => {
    const llm = await llmAnswering({ kind: "chat", content: "I think this is billing." });
    const r = await classifyZeroShot(llm, ticket, settings);
    expect(r.ok).toBe(false);
    expect(r.ok === false && r.reason).toMatch(/LLM call failed|malformed/);
  });

  it("falls back when the reply breaks the schema or names a queue that does not exist", async () => {
    const badPriority = await classifyZeroShot(
      await llmAnswering({ kind: "chat", content: JSON.stringify({ queue: "Billing and Payments", priority: "asap", confidence: 2, rationale: "x" }) }),
      ticket,
      settings,
    );
    expect(badPriority.ok).toBe(false);
    await stub!.close();
    const unknownQueue = await classifyZeroShot(
      await llmAnswering({ kind: "chat", content: JSON.stringify({ queue: "Legal", priority: "low", confidence: 0.5, rationale: "x" }) }),
      ticket,
      settings,
    );
    expect(unknownQueue).toEqual({ ok: false, reason: 'malformed model reply: queue "Legal" is not one of the allowed queues' });
  });

  it("falls back when the server errors", async () => {
    const llm = await llmAnswering({ kind: "error", status: 500, message: "boom" });
    const r = await classifyZeroShot(llm, ticket, settings);
    expect(r.ok === false && r.reason).toMatch(/^LLM call failed/);
  });
});
