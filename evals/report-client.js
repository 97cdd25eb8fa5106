/* Draws the eval report's charts with Chart.js (inlined before this script). Runs in the
 * viewer's browser with no network: the data is the JSON in #report-data. Sets
 * body[data-charts-drawn] to the number of charts drawn, and [data-chart-errors] on failure. */
(function () {
  "use strict";
  var report = JSON.parse(document.getElementById("report-data").textContent);
  var BLUE = "#1a73e8", GREY = "#9aa0a6", RED = "#d93025", GREEN = "#188038", ORANGE = "#e37400";
  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.size = 11;

  function xy(points, xKey, yKey) {
    return points.map(function (p) { return { x: p[xKey], y: p[yKey] }; }).filter(function (p) { return p.x !== null && p.y !== null; });
  }
  function line(label, data, color, extra) {
    var d = { label: label, data: data, borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 2, showLine: true, tension: 0 };
    for (var k in extra || {}) d[k] = extra[k];
    return d;
  }
  function axes(xTitle, yTitle, xMin, xMax) {
    return {
      x: { type: "linear", min: xMin === undefined ? 0 : xMin, max: xMax === undefined ? 1 : xMax, title: { display: true, text: xTitle } },
      y: { type: "linear", min: 0, max: 1, title: { display: true, text: yTitle } },
    };
  }
  function scatter(title, datasets, scales) {
    return { type: "scatter", data: { datasets: datasets }, options: { scales: scales, plugins: { title: { display: true, text: title } } } };
  }
  var diagonal = [{ x: 0, y: 0 }, { x: 1, y: 1 }];

  function binaryConfig(kind, e) {
    var c = e.charts, b = e.baselineCharts && e.baselineCharts.kind === "binary" ? e.baselineCharts : null;
    if (kind === "roc") {
      var ds = [line("candidate (AUC " + (c.auc === null ? "–" : c.auc.toFixed(3)) + ")", xy(c.roc, "x", "y"), BLUE)];
      if (b) ds.push(line("baseline (AUC " + (b.auc === null ? "–" : b.auc.toFixed(3)) + ")", xy(b.roc, "x", "y"), ORANGE, { borderDash: [5, 3] }));
      ds.push(line("chance", diagonal, GREY, { borderWidth: 1, borderDash: [2, 2] }));
      return scatter("ROC curve", ds, axes("false-positive rate", "true-positive rate"));
    }
    if (kind === "pr") {
      var pr = [line("candidate", xy(c.pr, "x", "y"), BLUE)];
      if (b) pr.push(line("baseline", xy(b.pr, "x", "y"), ORANGE, { borderDash: [5, 3] }));
      return scatter("Precision-recall curve", pr, axes("recall", "precision"));
    }
    if (kind === "calibration") return calibration(c.calibration, "Calibration (mean predicted vs observed)");
    if (kind === "trigger") {
      var t = c.trigger;
      var ds2 = [
        line("trigger rate", xy(t, "threshold", "triggerRate"), BLUE),
        line("false-positive rate", xy(t, "threshold", "fpr"), RED),
        line("precision", xy(t, "threshold", "precision"), GREEN),
        line("recall", xy(t, "threshold", "recall"), ORANGE),
      ];
      // Where the agent alerts today, and where it may act alone after calibration.
      var vertical = function (x) { return [{ x: x, y: 0 }, { x: x, y: 1 }]; };
      if (typeof e.metrics.threshold === "number") ds2.push(line("alert threshold " + e.metrics.threshold.toFixed(3), vertical(e.metrics.threshold), "#5f6775", { borderWidth: 1.5, borderDash: [6, 3] }));
      if (e.autonomy && e.autonomy.overall.threshold !== null) ds2.push(line("autoExecuteAbove " + e.autonomy.overall.threshold.toFixed(3), vertical(e.autonomy.overall.threshold), "#8e24aa", { borderWidth: 1.5, borderDash: [2, 2] }));
      return scatter("Rates vs threshold (act when score ≥ threshold)", ds2, axes("threshold", "rate"));
    }
    return null;
  }
  function calibration(bins, title) {
    return scatter(title, [
      line("observed", bins.map(function (b) { return { x: b.predicted, y: b.observed }; }), BLUE, { pointRadius: 4 }),
      line("perfect", diagonal, GREY, { borderWidth: 1, borderDash: [2, 2] }),
    ], axes("mean predicted", "observed rate"));
  }
  function segmentConfig(e, si) {
    var s = e.segments[si];
    // Small groups are drawn too (their n is in the label): they are only left out of flags.
    var groups = s.groups.slice(0, 20);
    return {
      type: "bar",
      data: {
        labels: groups.map(function (g) { return g.value + " (n=" + g.n + ")"; }),
        datasets: [
          { label: "alert (trigger) rate", data: groups.map(function (g) { return g.metrics.triggerRate; }), backgroundColor: BLUE },
          { label: "outcome rate", data: groups.map(function (g) { return g.metrics.outcomeRate; }), backgroundColor: GREY },
        ],
      },
      options: { scales: { y: { min: 0, max: 1 } }, plugins: { title: { display: true, text: "Alert rate vs outcome rate by " + s.field } } },
    };
  }
  function faultsConfig(e) {
    var d = (e.faults.vsClean && e.faults.vsClean.deltas) || {};
    var keys = Object.keys(d).filter(function (k) { return d[k].clean !== null && d[k].faulted !== null && k !== "brier"; });
    return {
      type: "bar",
      data: {
        labels: keys,
        datasets: [
          { label: "clean", data: keys.map(function (k) { return d[k].clean; }), backgroundColor: GREEN },
          { label: "with faults", data: keys.map(function (k) { return d[k].faulted; }), backgroundColor: RED },
        ],
      },
      options: { scales: { y: { min: 0, max: 1 } }, plugins: { title: { display: true, text: "Metrics: clean vs with faults (" + (e.faults.errorRate * 100).toFixed(1) + "% of decisions hit an error)" } } },
    };
  }

  var drawn = 0, errors = [];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var e = report.entries[Number(canvas.dataset.entry)];
    var kind = canvas.dataset.chart;
    try {
      var config = null;
      if (kind.indexOf("segment-") === 0) config = segmentConfig(e, Number(kind.slice(8)));
      else if (kind === "faults") config = faultsConfig(e);
      else if (e.charts.kind === "binary") config = binaryConfig(kind, e);
      else if (kind === "calibration") config = calibration(e.charts.calibration, "Queue confidence vs share routed right");
      if (!config) throw new Error("no chart for " + kind);
      new Chart(canvas, config);
      drawn++;
    } catch (err) {
      errors.push(kind + ": " + err.message);
    }
  });
  document.body.dataset.chartsDrawn = String(drawn);
  if (errors.length) document.body.dataset.chartErrors = errors.join(" | ");
})();
