import { describe, expect, it } from "vitest";
import { AgentPolicy, settingsOnce } from "./policy-config.ts";

describe("settingsOnce", () => {
  it("parses a policy's settings once per policy object, and again for another policy", () => {
    // Given a parser that counts its calls
    let calls = 0;
    const read = settingsOnce((s) => (calls++, { days: typeof s.days === "number" ? s.days : 7 }));
    const a = AgentPolicy.parse({ settings: { days: 3 } });
    const b = AgentPolicy.parse({ settings: { days: 9 } });
    // When each stage of a case reads the settings
    const values = [read(a), read(a), read(b), read(undefined), read(undefined)].map((v) => v.days);
    // Then each policy is parsed once and gets its own values; no policy means defaults
    expect(values).toEqual([3, 3, 9, 7, 7]);
    expect(calls).toBe(3);
  });

  it("does not remember a failed parse: bad settings fail every time", () => {
    const read = settingsOnce((s) => {
      if (typeof s.days !== "number") throw new Error("days must be a number");
      return s.days;
    });
    const bad = AgentPolicy.parse({ settings: { days: "x" } });
    expect(() => read(bad)).toThrow("days must be a number");
    expect(() => read(bad)).toThrow("days must be a number");
  });
});
