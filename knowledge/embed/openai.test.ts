import { afterEach, describe, expect, it } from "vitest";
import { startOpenAiStub, type OpenAiStub } from "../../test/openai-stub.ts";
import { OpenAiEmbedder } from "./openai.ts";

let stub: OpenAiStub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

/** A deterministic 4-d "embedding" per text so answers can be checked against requests. */
const fake = (t: string) => [t.length, 1, 0, 0];

describe("OpenAiEmbedder against an OpenAI-compatible server", () => {
  it("sends the model and texts (with title/heading context) in batches and returns vectors in input order", async () => {
    // Given a stub that embeds by text length
    stub = await startOpenAiStub((req) => ({ kind: "embeddings", vectors: (req.body.input as string[]).map(fake) }));
    const e = new OpenAiEmbedder({ model: "nomic-embed-text", dimensions: 4, baseURL: stub.url, batchSize: 2, maxRetries: 0 });
    // When three passages are embedded
    const out = await e.embedDocuments([{ text: "a" }, { text: "bb", context: "Guide" }, { text: "ccc" }]);
    // Then two requests went out for that model, and vectors line up with inputs
    expect(stub.requests.map((r) => r.path)).toEqual(["/v1/embeddings", "/v1/embeddings"]);
    expect(stub.requests[0]?.body.model).toBe("nomic-embed-text");
    expect(stub.requests[0]?.body.input).toEqual(["a", "Guide\n\nbb"]);
    expect(out.map((v) => v[0])).toEqual([1, "Guide\n\nbb".length, 3]);
    expect(e.id).toBe("openai:nomic-embed-text");
    expect(await e.embedQuery("dddd")).toEqual([4, 1, 0, 0]);
  });

  it("refuses vectors of the wrong length instead of storing them", async () => {
    stub = await startOpenAiStub(() => ({ kind: "embeddings", vectors: [[1, 2, 3]] }));
    const e = new OpenAiEmbedder({ model: "m", dimensions: 4, baseURL: stub.url, maxRetries: 0 });
    await expect(e.embedQuery("x")).rejects.toMatchObject({ code: "LLM_FAILED" });
  });

  it("reports a server error as LLM_FAILED", async () => {
    stub = await startOpenAiStub(() => ({ kind: "error", status: 500, message: "boom" }));
    const e = new OpenAiEmbedder({ model: "m", dimensions: 4, baseURL: stub.url, maxRetries: 0 });
    await expect(e.embedDocuments([{ text: "x" }])).rejects.toMatchObject({ code: "LLM_FAILED" });
  });

  it("needs the vector length of an unknown model", () => {
    expect(() => new OpenAiEmbedder({ model: "mystery", baseURL: "http://127.0.0.1:1/v1" })).toThrow(/dimensions/);
  });
});
