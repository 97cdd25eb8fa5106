import type { Factor } from "../models/types.ts";
import type { EntryReport } from "./suite.ts";

/** Server-rendered parts of an entry: tables, and canvases the client script draws into. */

/** HTML-escape any value for text and attribute positions. */
export const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const num = (v: number | null | undefined, d = 4) => (v === null || v === undefined || !Number.isFinite(v) ? "–" : v.toFixed(d));
const pct = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? "–" : `${(v * 100).toFixed(1)}%`);
const factors = (f: Factor[]) => esc(f.map((x) => `${x.feature} ${x.contribution >= 0 ? "+" : ""}${x.contribution.toFixed(2)}`).join(" · "));
const chart = (index: number, kind: string, title: string) =>
  `<div class="chart"><canvas data-entry="${index}" data-chart="${kind}" aria-label="${esc(title)}" role="img"></canvas></div>`;

export function sectionsFor(e: EntryReport, i: number): string {
  const notes = (e.notes ?? []).map((n) => `<p class="fail" data-note>${esc(n)}</p>`).join("");
  return [notes, gates(e), cards(e), charts(e, i), comparison(e), segments(e, i), faults(e, i), autonomy(e), misses(e)].join("\n");
}

function gates(e: EntryReport): string {
  if (!e.gates.length) return `<p class="note">No gates.</p>`;
  const rows = e.gates.map(
    (g) => `<tr><td class="l">${esc(g.metric)}</td><td>${esc(g.op)} ${esc(g.spec)}</td><td>${num(g.expected)}</td><td>${num(g.actual)}</td><td class="${g.passed ? "pass" : "fail"}">${g.passed ? "pass" : "FAIL"}</td><td class="l note">${esc(g.note ?? "")}</td></tr>`,
  );
  return `<h3>Gates</h3><table><tr><th class="l">metric</th><th>rule</th><th>threshold</th><th>actual</th><th>result</th><th class="l"></th></tr>${rows.join("")}</table>`;
}

function cards(e: EntryReport): string {
  const items = e.shown.filter((k) => e.metrics[k] !== undefined).map((k) => `<div class="card"><b>${num(e.metrics[k], Number.isInteger(e.metrics[k]) ? 0 : 3)}</b><span>${esc(k)}</span></div>`);
  return `<h3>Metrics</h3><div class="cards">${items.join("")}</div>`;
}

function charts(e: EntryReport, i: number): string {
  if (!e.charts) return "";
  if (e.charts.kind === "binary") {
    return `<h3>Curves</h3><div class="grid">${chart(i, "roc", "ROC curve")}${chart(i, "pr", "Precision-recall curve")}${chart(i, "calibration", "Calibration")}${chart(i, "trigger", "Trigger rate vs threshold")}</div>`;
  }
  const cm = (title: string, m: { labels: string[]; matrix: number[][] }) => {
    const max = Math.max(1, ...m.matrix.flat());
    const head = m.labels.map((l) => `<th title="${esc(l)}">${esc(l.length > 14 ? `${l.slice(0, 13)}…` : l)}</th>`).join("");
    const rows = m.matrix.map(
      (row, r) =>
        `<tr><th class="l">${esc(m.labels[r])}</th>${row.map((v, c) => `<td style="background:rgba(${r === c ? "19,115,51" : "179,38,30"},${(v / max) * 0.85 + (v ? 0.08 : 0)})${v / max > 0.5 ? ";color:#fff" : ""}">${v}</td>`).join("")}</tr>`,
    );
    return `<h3>${esc(title)} <span class="note">(rows: true, columns: predicted)</span></h3><table class="cm" data-confusion="${esc(title)}"><tr><th></th>${head}</tr>${rows.join("")}</table>`;
  };
  return `${cm("Queue confusion matrix", e.charts.queue)}${e.charts.priority ? cm("Priority confusion matrix", e.charts.priority) : ""}<div class="grid">${chart(i, "calibration", "Queue confidence calibration")}</div>`;
}

function comparison(e: EntryReport): string {
  const c = e.comparison;
  if (!c) return "";
  const rows = Object.entries(c.metrics).map(
    ([k, m]) => `<tr><td class="l">${esc(k)}</td><td>${num(m.baseline)}</td><td>${num(m.candidate)}</td><td>${num(m.diff)}</td><td>${m.ci ? `[${num(m.ci[0])}, ${num(m.ci[1])}]` : "–"}</td></tr>`,
  );
  const mc = c.mcnemar;
  const p = e.promote;
  const pick = (dir: string) => c.flips.cases.filter((f) => f.direction === dir).slice(0, 10);
  const flips = [...pick("worse"), ...pick("better")].map(
    (f) =>
      `<tr><td class="l">${esc(f.id)}</td><td class="${f.direction === "better" ? "pass" : "fail"}">${f.direction}</td><td class="l">${esc(f.actual.label ?? f.actual.queue ?? "")}</td><td>${esc(f.baseline.decision)} ${num(f.baseline.score, 3)}</td><td>${esc(f.candidate.decision)} ${num(f.candidate.score, 3)}</td><td class="l">${factors(f.candidate.topFactors)}</td></tr>`,
  );
  return `<h3>Comparison with the baseline (${c.matched} matched cases)</h3>
<p>Promote: <span class="${p?.promote ? "pass" : "fail"}" data-promote="${p?.promote ? "yes" : "no"}">${p?.promote ? "yes" : "REFUSED"}</span>${p && !p.promote ? `<ul class="flags">${p.reasons.map((r) => `<li>${esc(r)}</li>`).join("")}</ul>` : ""}</p>
<table><tr><th class="l">metric</th><th>baseline</th><th>candidate</th><th>Δ</th><th>95% CI of Δ (paired bootstrap, ${c.bootstrap?.resamples ?? 0} resamples)</th></tr>${rows.join("")}</table>
<p class="note">McNemar on ${esc(mc.metric)}: ${mc.c} cases better, ${mc.b} worse, p = ${num(mc.pValue)} (${esc(mc.method)})${c.priorityMcnemar ? `; priority: ${c.priorityMcnemar.c} better, ${c.priorityMcnemar.b} worse, p = ${num(c.priorityMcnemar.pValue)}` : ""}. ${c.onlyBaseline.count} cases only in the baseline, ${c.onlyCandidate.count} only in the candidate.</p>
${flips.length ? `<table><tr><th class="l">case</th><th>flip</th><th class="l">actual</th><th>baseline</th><th>candidate</th><th class="l">candidate's top factors</th></tr>${flips.join("")}</table><p class="note">Up to 10 cases each way, largest score change first.</p>` : ""}`;
}

function segments(e: EntryReport, i: number): string {
  if (!e.segments?.length) return "";
  return e.segments
    .map((s, si) => {
      const flagged = new Set(s.disparities.filter((d) => d.flagged).map((d) => d.value));
      const binary = e.agent !== "service-routing";
      const cols = binary ? ["outcomeRate", "triggerRate", "auc", "precision", "recall", "falsePositiveRate", "accuracy"] : ["queueAccuracy", "queueMacroF1", "priorityAccuracy"];
      const rows = s.groups.map(
        (g) =>
          `<tr class="${flagged.has(g.value) ? "flag" : ""}"><td class="l">${esc(g.value)}${g.lowSupport ? ' <span class="note">(low support)</span>' : ""}</td><td>${g.n}</td>${cols.map((c) => `<td>${num(g.metrics[c], 3)}</td>`).join("")}</tr>`,
      );
      return `<h3>Segments by ${esc(s.field)}</h3>${s.flags.length ? `<ul class="flags">${s.flags.map((f) => `<li>${esc(f)}</li>`).join("")}</ul>` : `<p class="note">No gap or disparity flagged.</p>`}
<table data-segment="${esc(s.field)}"><tr><th class="l">${esc(s.field)}</th><th>n</th>${cols.map((c) => `<th>${esc(c)}</th>`).join("")}</tr>${rows.join("")}</table>
${binary ? `<div class="grid">${chart(i, `segment-${si}`, `Alert rate vs outcome rate by ${s.field}`)}</div>` : ""}`;
    })
    .join("\n");
}

function faults(e: EntryReport, i: number): string {
  const f = e.faults;
  if (!f) return "";
  const deltas = Object.entries(f.vsClean?.deltas ?? {}).map(([k, d]) => `<tr><td class="l">${esc(k)}</td><td>${num(d.clean)}</td><td>${num(d.faulted)}</td><td>${num(d.diff)}</td></tr>`);
  const kv = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${esc(k)} ${v}`).join(" · ") || "none";
  return `<h3>Fault injection</h3>
<p><span class="${f.lost.count === 0 ? "pass" : "fail"}">${f.lost.count === 0 ? "No case lost" : `${f.lost.count} cases LOST`}</span>: ${f.decisions} decisions for ${f.expected} cases. ${pct(f.errorRate)} of decisions hit an error; ${pct(f.vsClean?.changedRate)} changed against the clean run.</p>
<p class="note">Statuses: ${kv(f.statuses)}. Errors: ${kv(f.errorKinds)}.</p>
<table><tr><th class="l">metric</th><th>clean</th><th>with faults</th><th>Δ</th></tr>${deltas.join("")}</table><div class="grid">${chart(i, "faults", "Clean vs with faults")}</div>`;
}

function autonomy(e: EntryReport): string {
  const a = e.autonomy;
  if (!a) return "";
  const target = "targetFpr" in a.target ? `false-positive rate ≤ ${a.target.targetFpr}` : `precision ≥ ${a.target.targetPrecision}`;
  const row = (k: string, s: { threshold: number | null; support: number; fpr: number; precision: number; autoRate: number }, note = "") =>
    `<tr><td class="l">${esc(k)}</td><td>${s.threshold === null ? "always ask" : num(s.threshold)}</td><td>${s.support}</td><td>${pct(s.fpr)}</td><td>${pct(s.precision)}</td><td>${pct(s.autoRate)}</td><td class="l note">${esc(note)}</td></tr>`;
  const segs = Object.entries(a.segments).map(([k, s]) => row(k, s, s.fellBack ? `overall threshold: ${s.reason ?? ""}` : ""));
  return `<h3>Calibrated autonomy (${esc(target)}) → ${esc(a.policyFile)}</h3>
<table><tr><th class="l">scope</th><th>autoExecuteAbove</th><th>cases</th><th>FPR</th><th>precision</th><th>auto-executed</th><th class="l"></th></tr>${row("overall", a.overall)}${segs.join("")}</table>`;
}

function misses(e: EntryReport): string {
  if (!e.worstMisses?.length) return "";
  const rows = e.worstMisses.map(
    (m) => `<tr><td class="l">${esc(m.id)}</td><td class="l">${esc(m.actual)}</td><td class="l">${esc(m.decision)}</td><td>${num(m.score, 3)}</td><td class="l">${factors(m.topFactors)}</td><td class="l note">${esc(m.errors.join("; "))}</td></tr>`,
  );
  return `<h3>Worst misses</h3><table><tr><th class="l">case</th><th class="l">actual</th><th class="l">decision</th><th>score</th><th class="l">top factors</th><th class="l">errors</th></tr>${rows.join("")}</table>`;
}
