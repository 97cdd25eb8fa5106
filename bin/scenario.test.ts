import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("./scenario.mjs", import.meta.url));
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });

describe("the scenario launcher", () => {
  it("runs a batch command in a second node process and passes its exit code and message through", () => {
    // Given a replay with an unknown agent (a usage error inside the re-started process)
    const out = run(["replay", "--agent", "nope", "--cases", "x.jsonl", "--model", "m.json", "--report", "r.json"]);
    // Then the caller sees that process's exit code 2 and its explanation
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('unknown agent "nope"');
  });

  it("runs other commands in its own process with the same contract", () => {
    // Given an unknown command (no batch flag, no second process)
    const out = run(["no-such-command"]);
    // Then it fails as a usage error, not a crash
    expect(out.status).toBe(2);
    expect(out.stderr.toLowerCase()).toContain("no-such-command");
  });
});
