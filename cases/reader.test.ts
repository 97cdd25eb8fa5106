import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCases } from "./reader.ts";

const good = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, agent: "renewal-risk", asOf: "2026-01-01", account: { id }, outcome: { churned: false }, ...extra });

async function file(lines: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "cases-"));
  const path = join(dir, "cases.jsonl");
  await writeFile(path, lines.join("\n"));
  return path;
}

describe("readCases", () => {
  it("skips each malformed line with its line number and reason, and keeps going", async () => {
    // Given a file mixing good and bad lines
    const path = await file([
      good("A-1"),
      "{not json",
      JSON.stringify({ id: "X", agent: "upsell", asOf: "2026-01-01" }),
      JSON.stringify({ id: "A-3", agent: "renewal-risk", asOf: "2026-01-01", account: { id: "A-3", arr: "lots" }, outcome: { churned: true } }),
      JSON.stringify({ id: "A-4", agent: "renewal-risk", asOf: "2026-01-01", account: { id: "A-4" } }),
      "",
      good("A-1"),
      good("A-6", { asOf: "yesterday" }),
      good("A-7", { unknownKey: 1 }),
    ]);
    // When it is read for fitting
    const { cases, report } = await readCases(path, { agent: "renewal-risk", requireOutcome: true });
    // Then the good cases come through and every bad line is reported by number
    expect(cases.map((c) => c.case.id)).toEqual(["A-1", "A-7"]);
    expect(report.skipped).toBe(6);
    const byLine = Object.fromEntries(report.issues.map((i) => [i.line, i.reason]));
    expect(byLine[2]).toMatch(/bad JSON/);
    expect(byLine[3]).toMatch(/unknown agent "upsell"/);
    expect(byLine[4]).toMatch(/account\.arr/);
    expect(byLine[5]).toMatch(/missing outcome/);
    expect(byLine[7]).toMatch(/duplicate id "A-1"/);
    expect(byLine[8]).toMatch(/asOf/);
  });

  it("reports a case for another agent instead of mixing it in", async () => {
    const path = await file([good("A-1"), JSON.stringify({ id: "L-1", agent: "lead-triage", asOf: "2026-01-01", lead: { id: "L-1" }, outcome: { converted: true } })]);
    const { cases, report } = await readCases(path, { agent: "renewal-risk" });
    expect(cases).toHaveLength(1);
    expect(report.issues[0]?.reason).toMatch(/for agent "lead-triage"/);
  });

  it("treats explicit nulls in optional fields as absent", async () => {
    const path = await file([good("A-1", { account: { id: "A-1", arr: null, name: null } })]);
    const { cases } = await readCases(path, {});
    expect(cases[0]?.case).toMatchObject({ account: { id: "A-1" } });
  });

  it("fails clearly on a missing file and on an empty one", async () => {
    await expect(readCases("/nonexistent/cases.jsonl")).rejects.toMatchObject({ code: "CASE_FILE_MISSING" });
    const empty = await file(["", "  "]);
    await expect(readCases(empty)).rejects.toMatchObject({ code: "CASE_FILE_EMPTY" });
  });
});
