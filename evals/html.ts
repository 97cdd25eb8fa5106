import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EntryReport, SuiteReport } from "./suite.ts";
import { esc, sectionsFor } from "./html-sections.ts";

/**
 * The report as ONE self-contained HTML page: Chart.js (UMD build, read from node_modules at
 * report time) and the drawing script are inlined, the data is embedded as JSON, and the page
 * loads nothing from the network when viewed.
 */

/** Chart.js's UMD bundle, without its source-map comment (a viewer's devtools would fetch it). */
export async function loadChartJs(): Promise<string> {
  const main = createRequire(import.meta.url).resolve("chart.js");
  const src = await readFile(join(dirname(main), "chart.umd.min.js"), "utf8");
  return src.replace(/\/\/# sourceMappingURL=\S+\s*$/, "");
}

async function loadClientScript(): Promise<string> {
  return readFile(join(dirname(fileURLToPath(import.meta.url)), "report-client.js"), "utf8");
}

/** Inline <script> content must never contain "</script" (or "<!--"): escape every "<". */
export function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:16px 28px}header h1{margin:0;font-size:20px}
main{padding:16px 28px;max-width:1400px}section.entry{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:16px 20px;margin:18px 0}
h2{margin:0 0 8px;font-size:18px}h3{margin:18px 0 6px;font-size:15px}
.pass{color:#137333;font-weight:600}.fail{color:#b3261e;font-weight:600}
table{border-collapse:collapse;margin:6px 0;font-size:13px}td,th{border:1px solid #e3e6eb;padding:3px 8px;text-align:right}
th{background:#f0f2f5}td.l,th.l{text-align:left}tr.flag td{background:#fdecea}
.cards{display:flex;flex-wrap:wrap;gap:8px}.card{border:1px solid #e3e6eb;border-radius:6px;padding:6px 10px;min-width:110px}
.card b{display:block;font-size:17px}.card span{color:#5f6775;font-size:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:14px}
.chart{border:1px solid #e3e6eb;border-radius:6px;padding:8px;height:300px;position:relative}
.cm td{min-width:28px}.note{color:#5f6775;font-size:12px}ul.flags{margin:4px 0;color:#b3261e}
`;

/** Render the suite report as one HTML page (Chart.js source passed in, or read from node_modules). */
export async function renderHtml(report: SuiteReport, chartJs?: string): Promise<string> {
  const lib = chartJs ?? (await loadChartJs());
  const client = await loadClientScript();
  // JSON in a script tag: "<" escaped so no value can close the tag.
  const data = JSON.stringify(report, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v)).replace(/</g, "\\u003c");
  const body = report.entries.map((e, i) => entrySection(e, i)).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>Eval report: ${esc(report.suite)}</title><style>${CSS}</style></head>
<body><header><h1>Eval report: ${esc(report.suite)} — <span class="${report.passed ? "pass" : "fail"}" style="color:${report.passed ? "#8fe3a8" : "#ffb4ab"}">${report.passed ? "all gates passed" : "GATES FAILED"}</span></h1>
<div class="note" style="color:#c8ccd4">${esc(report.startedAt)} → ${esc(report.finishedAt)} · ${report.entries.length} entr${report.entries.length === 1 ? "y" : "ies"}</div></header>
<main>${summaryTable(report)}${body}</main>
<script type="application/json" id="report-data">${data}</script>
<script>${inlineScript(lib)}</script>
<script>${inlineScript(client)}</script>
</body></html>
`;
}

function summaryTable(report: SuiteReport): string {
  const rows = report.entries.map((e) => {
    const failed = e.gates.filter((g) => !g.passed).length;
    const key = e.agent === "service-routing" ? "queueAccuracy" : "auc";
    const v = e.metrics[key];
    return `<tr><td class="l"><a href="#entry-${esc(e.name)}">${esc(e.name)}</a></td><td class="l">${esc(e.agent)}</td><td class="l">${esc(e.model)}</td><td>${e.replay?.cases ?? "–"}</td><td>${key} ${v === undefined ? "–" : v.toFixed(4)}</td><td>${e.gates.length - failed}/${e.gates.length}</td><td class="${e.passed ? "pass" : "fail"}">${e.passed ? "pass" : e.error ? "error" : "fail"}</td></tr>`;
  });
  return `<table><tr><th class="l">entry</th><th class="l">agent</th><th class="l">model</th><th>cases</th><th>headline</th><th>gates</th><th>result</th></tr>${rows.join("")}</table>`;
}

function entrySection(e: EntryReport, index: number): string {
  return `<section class="entry" id="entry-${esc(e.name)}" data-entry="${index}">
<h2>${esc(e.name)} <span class="${e.passed ? "pass" : "fail"}">${e.passed ? "PASS" : "FAIL"}</span></h2>
<div class="note">${esc(e.agent)} · model ${esc(e.model)}${e.baselineModel ? ` vs baseline ${esc(e.baselineModel)}` : ""} · cases ${esc(e.casesFile)}</div>
${e.error ? `<p class="fail">Could not run: ${esc(e.error)}</p>` : sectionsFor(e, index)}
</section>`;
}
