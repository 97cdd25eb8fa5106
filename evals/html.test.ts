import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { demoSuiteReport } from "../test/eval-fixtures.ts";
import { inlineScript, renderHtml } from "./html.ts";

describe("renderHtml", async () => {
  const dir = await mkdtemp(join(tmpdir(), "html-"));
  const report = await demoSuiteReport(join(dir, "policy.json"));
  const html = await renderHtml(report);

  it("has a canvas for every chart: ROC, PR, calibration, trigger rate, segments, faults, routing calibration", () => {
    const charts = [...html.matchAll(/<canvas data-entry="(\d+)" data-chart="([\w-]+)"/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(charts).toEqual(["0:roc", "0:pr", "0:calibration", "0:trigger", "0:segment-0", "0:faults", "1:calibration"]);
  });

  it("has the routing confusion matrices, the comparison, the segment table, autonomy and the worst misses", () => {
    expect(html).toContain('data-confusion="Queue confusion matrix"');
    expect(html).toContain('data-confusion="Priority confusion matrix"');
    expect(html).toMatch(/Comparison with the baseline \(900 matched cases\)/);
    expect(html).toMatch(/McNemar on accuracy/);
    expect(html).toContain('data-segment="country"');
    expect(html).toMatch(/Calibrated autonomy \(false-positive rate ≤ 0.1\)/);
    expect(html).toMatch(/Worst misses/);
    expect(html).toMatch(/No case lost/);
  });

  it("is self-contained: Chart.js inlined, nothing loaded from the network", () => {
    expect(html).toContain("Chart.js v4");
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/sourceMappingURL/);
    expect(html).toContain("default-src 'none'");
  });

  it("escapes data so a case value cannot close a script tag or inject markup", () => {
    // The demo has a segment value "US</script>": 3 real script tags open and close, no more
    expect(html.match(/<script[\s>]/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).toContain("US&lt;/script&gt;");
    expect(html).toContain("<title>Eval report: demo &lt;suite&gt;</title>");
    expect(inlineScript('a="</script>"')).toBe('a="<\\/script>"');
  });
});

describe("replay-only page", () => {
  it("draws a plain replay's curves without a suite", async () => {
    const { binaryReplay, syntheticCases } = await import("../test/eval-fixtures.ts");
    const { replayOnlyReport } = await import("./suite.ts");
    const html = await renderHtml(replayOnlyReport(binaryReplay(syntheticCases(200, { A: 0.3 })), "cases.jsonl"));
    expect([...html.matchAll(/data-chart="([\w-]+)"/g)].map((m) => m[1])).toEqual(["roc", "pr", "calibration", "trigger"]);
    expect(html).toMatch(/Worst misses/);
  });
});
