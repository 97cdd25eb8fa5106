import { describe, expect, it } from "vitest";
import { parseConfig } from "./index.ts";

describe("parseConfig", () => {
  it("runs offline with no variables at all", () => {
    const c = parseConfig({});
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
    expect(c).toMatchObject({ llmEnabled: false, DATA_DIR: "./.data" });
  });

  it("switches the LLM path on with a key or a base URL", () => {
    expect(parseConfig({ OPENAI_BASE_URL: "http://127.0.0.1:9/v1" }).llmEnabled).toBe(true);
    expect(parseConfig({ OPENAI_API_KEY: "sk-x" }).llmEnabled).toBe(true);
  });

  it("lists every problem at once", () => {
    try {
      parseConfig({ DATABASE_URL: "not a url", PORT: "-1", LOG_LEVEL: "loud" });
      expect.unreachable();
    } catch (err) {
      const problems = (err as { details: { problems: string[] } }).details.problems;
      expect(problems.map((p) => p.split(":")[0])).toEqual(expect.arrayContaining(["DATABASE_URL", "PORT", "LOG_LEVEL"]));
    }
  });
});
