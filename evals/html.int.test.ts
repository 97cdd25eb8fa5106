import { existsSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoSuiteReport } from "../test/eval-fixtures.ts";
import { renderHtml } from "./html.ts";

/**
 * The report rendered in a real headless browser (Debian's chromium, driven by
 * playwright-core): every chart is drawn, nothing errors, nothing is fetched. The
 * screenshot lands in out/report.png for a person to look at.
 */
const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOT = resolve(import.meta.dirname, "..", "out", "report.png");
/** Runs in the page (a string: the project's TypeScript has no DOM types). */
const INSPECT_CANVASES = `[...document.querySelectorAll("canvas[data-chart]")].map((c) => {
  const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let inked = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
  const chart = Chart.getChart(c);
  const points = chart ? chart.data.datasets.reduce((s, d) => s + d.data.length, 0) : 0;
  return { kind: c.dataset.chart, width: c.width, height: c.height, inkedShare: inked / (c.width * c.height), points };
})`;
interface CanvasInfo {
  kind: string;
  width: number;
  height: number;
  /** Share of the canvas's pixels that are not transparent. */
  inkedShare: number;
  /** Data points across the chart's datasets. */
  points: number;
}
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

describe.skipIf(!existsSync(CHROMIUM))(`eval report in headless chromium (${CHROMIUM}; skipped when missing: apt-get install -y chromium)`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("draws every chart with no page error and no network request, and saves a screenshot", async () => {
    // Given the report page of a demo suite
    const dir = await mkdtemp(join(tmpdir(), "report-"));
    const file = join(dir, "report.html");
    await writeFile(file, await renderHtml(await demoSuiteReport(join(dir, "policy.json"))));
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    const fetched: string[] = [];
    page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
    });
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
      fetched.push(url);
      return route.abort();
    });
    // When a person opens it
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector("body[data-charts-drawn]");
    // Then every canvas holds a Chart.js chart with data, and has pixels drawn on it
    const canvases = await page.evaluate<CanvasInfo[]>(INSPECT_CANVASES);
    expect(canvases.map((c) => c.kind)).toEqual(["roc", "pr", "calibration", "trigger", "segment-0", "faults", "calibration"]);
    for (const c of canvases) {
      expect(c.width, c.kind).toBeGreaterThan(200);
      expect(c.points, c.kind).toBeGreaterThan(2);
      expect(c.inkedShare, c.kind).toBeGreaterThan(0.01);
    }
    expect(await page.getAttribute("body", "data-charts-drawn")).toBe(String(canvases.length));
    expect(await page.getAttribute("body", "data-chart-errors")).toBeNull();
    expect(await page.locator("table[data-confusion] td").count()).toBeGreaterThan(16);
    expect(problems).toEqual([]);
    expect(fetched).toEqual([]);
    await mkdir(resolve(SCREENSHOT, ".."), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
