/* The statistics page in the browser: Spark's timelines and histograms (uPlot), Iskra's batch
 * table, batch details and event-time view. Data: /StreamingQuery/data; live: server-sent events. */
(function () {
  "use strict";
  var header = document.getElementById("stat-header");
  var runId = header.getAttribute("data-run-id");
  var charts = {};
  var state = { data: null, selected: null, pending: false };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fmt(x) { return Math.abs(x) >= 100 || x === Math.round(x) ? String(Math.round(x)) : x.toFixed(2); }
  // Spark's UIUtils.formatDurationVerbose.
  function durationVerbose(ms) {
    ms = Math.max(0, Math.floor(ms));
    var S = 1000, M = 60 * S, H = 60 * M, D = 24 * H, W = 7 * D, Y = 365 * D;
    function u(n, unit) { return n === 0 ? "" : n === 1 ? n + " " + unit : n + " " + unit + "s"; }
    var msS = ms >= S && ms % S === 0 ? "" : (ms % S) + " ms";
    var s = u(Math.floor((ms % M) / S), "second"), m = u(Math.floor((ms % H) / M), "minute"), h = u(Math.floor((ms % D) / H), "hour");
    var d = u(Math.floor((ms % W) / D), "day"), w = u(Math.floor((ms % Y) / W), "week"), y = u(Math.floor(ms / Y), "year");
    var steps = [[S, msS], [M, s + " " + msS], [H, m + " " + s], [D, h + " " + m + " " + s], [W, d + " " + h + " " + m], [Y, w + " " + d + " " + h]];
    for (var i = 0; i < steps.length; i++) if (ms < steps[i][0]) return steps[i][1].replace(/\s+/g, " ").trim();
    return (y + " " + w + " " + d).replace(/\s+/g, " ").trim();
  }
  function iso(ms) { return ms ? new Date(ms).toISOString().replace("T", " ").replace("Z", "") : "-"; }

  // --- Spark's charts ---------------------------------------------------------------------------
  var OPS = ["addBatch", "getBatch", "latestOffset", "queryPlanning", "walCommit", "commitOffsets"];
  var COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];
  var SERIES = {
    inputRate: { unit: "records/sec", get: function (p) { return p.inputRate; } },
    processRate: { unit: "records/sec", get: function (p) { return p.processRate; } },
    inputRows: { unit: "records", get: function (p) { return p.inputRows; } },
    batchDuration: { unit: "ms", get: function (p) { return p.batchDuration; } },
    watermarkGap: { unit: "seconds", get: function (p) { return p.watermarkGap === undefined ? null : p.watermarkGap; } },
    stateTotal: { unit: "records", get: function (p) { return p.state ? p.state.total : null; } },
    stateUpdated: { unit: "records", get: function (p) { return p.state ? p.state.updated : null; } },
    stateRemoved: { unit: "records", get: function (p) { return p.state ? p.state.removed : null; } },
    stateMemory: { unit: "bytes", get: function (p) { return p.state ? p.state.memory : null; } },
    stateDropped: { unit: "records", get: function (p) { return p.state ? p.state.dropped : null; } },
  };

  // The y axis as wide as its longest label (uPlot's default cuts "100,000").
  function yAxisSize(self, values) {
    var longest = (values || []).reduce(function (n, v) { return Math.max(n, String(v).length); }, 1);
    return Math.max(40, longest * 7 + 18);
  }
  var AXES = [{}, { size: yAxisSize }];

  function width(div) { return Math.max(260, (div.parentElement.clientWidth || 420) - 12); }

  function timelineData(key, points) {
    var xs = points.map(function (p) { return p.t / 1000; });
    if (key === "operationDuration") return [xs].concat(OPS.map(function (op) { return points.map(function (p) { return p.operations[op] || 0; }); }));
    return [xs, points.map(SERIES[key].get)];
  }

  function histogramData(values) {
    var xs = values.filter(function (v) { return v !== null && v !== undefined; });
    if (!xs.length) return [[0], [0]];
    var lo = Math.min.apply(null, xs), hi = Math.max.apply(null, xs);
    var bins = 10, step = (hi - lo) / bins || 1;
    var centers = [], counts = [];
    for (var i = 0; i < bins; i++) { centers.push(lo + step * (i + 0.5)); counts.push(0); }
    xs.forEach(function (v) { counts[Math.min(bins - 1, Math.floor((v - lo) / step))]++; });
    return [centers, counts];
  }

  function makeCharts(key) {
    var tdiv = document.getElementById("timeline-" + key), hdiv = document.getElementById("histogram-" + key);
    if (!tdiv) return;
    var series = [{}];
    if (key === "operationDuration") OPS.forEach(function (op, i) { series.push({ label: op, stroke: COLORS[i], width: 1.5 }); });
    else series.push({ label: SERIES[key].unit, stroke: "#3e6fb0", fill: "rgba(62,111,176,0.15)", width: 1.5, points: { show: true, size: 4 } });
    var timeline = new uPlot({ width: width(tdiv), height: 150, series: series, legend: { show: key === "operationDuration" }, axes: AXES, scales: { x: { time: true } } }, [[], []].concat(key === "operationDuration" ? [[], [], [], [], []] : []), tdiv);
    var histogram = null;
    if (key !== "operationDuration" && hdiv) {
      var bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.9] }) : undefined;
      histogram = new uPlot({ width: Math.max(200, width(hdiv) * 0.8), height: 150, legend: { show: false }, axes: AXES, scales: { x: { time: false } },
        series: [{}, { label: "batches", stroke: "#3e6fb0", fill: "rgba(62,111,176,0.5)", paths: bars, points: { show: false } }] }, [[], []], hdiv);
    }
    charts[key] = { timeline: timeline, histogram: histogram, div: tdiv };
  }

  function updateCharts(points) {
    Object.keys(charts).forEach(function (key) {
      var c = charts[key];
      var data = timelineData(key, points);
      c.timeline.setData(data);
      c.div.setAttribute("data-points", String(points.length));
      if (c.histogram) c.histogram.setData(histogramData(data[1]));
      var v = document.getElementById("value-" + key);
      if (v && key !== "operationDuration") {
        var vals = data[1].filter(function (x) { return x !== null; });
        var avg = vals.length ? vals.reduce(function (a, b) { return a + b; }, 0) / vals.length : NaN;
        v.textContent = vals.length ? "Avg: " + fmt(avg) + " " + SERIES[key].unit : "";
      }
    });
  }

  // --- Iskra: batches, batch details, event time --------------------------------------------------
  function wmText(ms) { return ms ? iso(ms) : "none"; }

  function renderBatches(batches) {
    var tbody = document.querySelector("#batches-table tbody");
    tbody.textContent = "";
    batches.slice().reverse().forEach(function (b) {
      var tr = el("tr", { "data-batch": String(b.batchId), class: state.selected === b.batchId ? "selected" : "" });
      [b.batchId, iso(b.t), b.inputRows, b.sinkRows, b.added ? "+" + b.added : "0", b.updated ? "~" + b.updated : "0", b.removed ? "−" + b.removed : "0", b.late, wmText(b.lateEventsWatermarkMs), wmText(b.evictionWatermarkMs)].forEach(function (x) { tr.appendChild(el("td", null, String(x))); });
      tr.addEventListener("click", function () { showBatch(b.batchId); });
      tbody.appendChild(tr);
    });
    if (!batches.length) {
      var tr = el("tr"); var td = el("td", { colspan: "10", class: "empty" }, "No batch details yet: they are recorded from now on, while this page is open.");
      tr.appendChild(td); tbody.appendChild(tr);
    }
  }

  function rowTable(title, sample, extraFirst, kind) {
    var box = el("div", { class: "sample", "data-sample": kind });
    box.appendChild(el("h5", null, title + " (" + sample.total + (sample.total > sample.rows.length ? ", first " + sample.rows.length + " shown" : "") + ")"));
    var t = el("table", { class: "table rows" });
    var head = el("tr");
    if (extraFirst) head.appendChild(el("th", null, extraFirst.header));
    sample.columns.forEach(function (c) { head.appendChild(el("th", { title: c.type }, c.name)); });
    var thead = el("thead"); thead.appendChild(head); t.appendChild(thead);
    var tb = el("tbody");
    sample.rows.forEach(function (r, i) {
      var tr = el("tr", extraFirst ? { class: "change-" + extraFirst.values[i] } : null);
      if (extraFirst) tr.appendChild(el("td", null, extraFirst.values[i]));
      r.forEach(function (v) { tr.appendChild(el("td", null, v)); });
      tb.appendChild(tr);
    });
    t.appendChild(tb); box.appendChild(t);
    return box;
  }

  function offsetsTable(sources) {
    var box = el("div", { class: "sample", "data-sample": "sources" });
    box.appendChild(el("h5", null, "Sources"));
    var t = el("table", { class: "table offsets" });
    var head = el("tr");
    ["source", "partition", "start", "end", "rows", "latest available", "behind latest"].forEach(function (h) { head.appendChild(el("th", null, h)); });
    var thead = el("thead"); thead.appendChild(head); t.appendChild(thead);
    var tb = el("tbody");
    sources.forEach(function (s) {
      var kafka = s.endOffset && typeof s.endOffset === "object";
      if (!kafka) {
        var tr = el("tr");
        [s.description, "", JSON.stringify(s.startOffset), JSON.stringify(s.endOffset), s.numInputRows, s.latestAvailable === undefined ? "" : JSON.stringify(s.latestAvailable), ""].forEach(function (x) { tr.appendChild(el("td", null, String(x))); });
        tb.appendChild(tr);
        return;
      }
      Object.keys(s.endOffset).forEach(function (topic) {
        Object.keys(s.endOffset[topic]).forEach(function (part) {
          var start = s.startOffset && s.startOffset[topic] ? s.startOffset[topic][part] : undefined;
          var end = s.endOffset[topic][part];
          var latest = s.latestAvailable && s.latestAvailable[topic] ? s.latestAvailable[topic][part] : undefined;
          var tr = el("tr", { class: "kafka-partition" });
          [s.description, topic + "-" + part, start === undefined ? "" : start, end, start === undefined ? "" : end - start, latest === undefined ? "" : latest, latest === undefined ? "" : Math.max(0, latest - end)].forEach(function (x) { tr.appendChild(el("td", null, String(x))); });
          tb.appendChild(tr);
        });
      });
    });
    t.appendChild(tb); box.appendChild(t);
    return box;
  }

  function showBatch(batchId) {
    state.selected = batchId;
    fetch("/StreamingQuery/batch?id=" + encodeURIComponent(runId) + "&batch=" + batchId).then(function (r) { return r.json(); }).then(function (d) {
      var box = document.getElementById("batch-detail");
      box.textContent = "";
      if (d.error) { box.appendChild(el("p", { class: "empty" }, d.error)); return; }
      box.appendChild(el("h4", null, "Batch " + d.batchId + " — " + d.outputMode + " mode, sink " + d.sink.description));
      // Spark 3.5's two watermarks: late rows by the previous batch's, eviction by this batch's.
      box.appendChild(el("p", { class: "hint", "data-watermarks": "" },
        "Late rows: input rows at or below the watermark for late rows, " + wmText(d.lateEventsWatermarkMs) + " (the previous batch's), were dropped by the stateful operators: " + d.late.total + ". " +
        "State was evicted and closed windows emitted at or below the watermark for eviction, " + wmText(d.evictionWatermarkMs) + " (this batch's). " +
        "The watermark after the batch: " + wmText(d.nextWatermarkMs) + "."));
      box.appendChild(offsetsTable(d.sources));
      box.appendChild(rowTable("Rows the sink received", d.sink, null, "sink"));
      d.state.forEach(function (s) {
        box.appendChild(rowTable("State changes, operator " + s.operatorId + " (+" + s.counts.added + " ~" + s.counts.updated + " −" + s.counts.removed + ")",
          { columns: s.columns, rows: s.changes.map(function (c) { return c.row; }), total: s.changes.length + s.omitted },
          { header: "change", values: s.changes.map(function (c) { return c.change; }) }, "state-" + s.operatorId));
      });
      if (d.late.total || d.late.columns.length) box.appendChild(rowTable("Late rows dropped by the watermark", d.late, null, "late"));
      document.querySelectorAll("#batches-table tr.selected").forEach(function (tr) { tr.classList.remove("selected"); });
      var row = document.querySelector('#batches-table tr[data-batch="' + batchId + '"]');
      if (row) row.classList.add("selected");
      box.setAttribute("data-batch", String(d.batchId));
    });
  }

  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function renderEventTime(batches) {
    var box = document.getElementById("eventtime");
    box.textContent = "";
    var last = batches[batches.length - 1];
    if (!last) { box.appendChild(el("p", { class: "empty" }, "No batch details yet.")); return; }
    var closed = {}, late = [];
    batches.forEach(function (b) {
      b.closedWindows.forEach(function (w) { closed[w[0] + ":" + w[1]] = w; });
      b.lateEventTimesMs.forEach(function (t) { late.push({ t: t, batch: b.batchId }); });
    });
    var open = last.openWindows;
    var closedList = Object.keys(closed).map(function (k) { return closed[k]; });
    var times = [];
    open.concat(closedList).forEach(function (w) { times.push(w[0], w[1]); });
    late.forEach(function (l) { times.push(l.t); });
    if (last.nextWatermarkMs) times.push(last.nextWatermarkMs);
    batches.forEach(function (b) { if (b.eventTimeMs) times.push(b.eventTimeMs.min, b.eventTimeMs.max); });
    if (!times.length) { box.appendChild(el("p", { class: "empty" }, "This query has no event time (no watermark, no window).")); return; }
    var lo = Math.min.apply(null, times), hi = Math.max.apply(null, times);
    if (hi === lo) hi = lo + 1000;
    var W = Math.max(500, box.clientWidth || 900), H = 150, pad = 10;
    var x = function (t) { return pad + (t - lo) / (hi - lo) * (W - 2 * pad); };
    var s = svg("svg", { width: W, height: H, id: "eventtime-svg" });
    closedList.forEach(function (w) { s.appendChild(svg("rect", { class: "window closed", x: x(w[0]), y: 20, width: Math.max(2, x(w[1]) - x(w[0]) - 1), height: 30 })); });
    open.forEach(function (w) { s.appendChild(svg("rect", { class: "window open", x: x(w[0]), y: 60, width: Math.max(2, x(w[1]) - x(w[0]) - 1), height: 30 })); });
    late.forEach(function (l) { s.appendChild(svg("circle", { class: "late", cx: x(l.t), cy: 108, r: 4 }, "")); });
    if (last.nextWatermarkMs) {
      var wx = x(last.nextWatermarkMs);
      s.appendChild(svg("line", { class: "watermark", x1: wx, x2: wx, y1: 10, y2: 120 }));
      s.appendChild(svg("text", { x: Math.min(W - 150, wx + 4), y: 12, class: "label" }, "watermark " + iso(last.nextWatermarkMs).slice(11)));
    }
    s.appendChild(svg("text", { x: pad, y: 145, class: "label" }, iso(lo)));
    s.appendChild(svg("text", { x: W - pad - 150, y: 145, class: "label" }, iso(hi)));
    box.appendChild(s);
    var legend = el("p", { class: "legend" });
    legend.innerHTML = '<span class="sw closed"></span> closed windows (' + closedList.length + ') <span class="sw open"></span> open windows (' + open.length + ') <span class="sw late"></span> late rows dropped (' + late.length + ') <span class="sw watermark"></span> watermark';
    box.appendChild(legend);
  }

  // --- refresh ------------------------------------------------------------------------------------
  function refresh() {
    if (state.pending) return;
    state.pending = true;
    fetch("/StreamingQuery/data?id=" + encodeURIComponent(runId)).then(function (r) { return r.json(); }).then(function (d) {
      state.pending = false;
      state.data = d;
      document.getElementById("completed-batches").textContent = String(d.completedBatches);
      var unobserved = document.getElementById("unobserved");
      unobserved.hidden = !d.unobservedBatches;
      unobserved.textContent = d.unobservedBatches + (d.unobservedBatches === 1 ? " batch" : " batches") + " ran while no page was open: progress only, their rows and state changes were not recorded.";
      var first = d.progress[0], lastP = d.progress[d.progress.length - 1];
      document.getElementById("running-for").textContent = d.active ? durationVerbose(d.now - d.startMs) : first ? durationVerbose(lastP.t - first.t) : "-";
      document.getElementById("query-status").textContent = d.active ? d.status : (d.exception ? "Failed: " + d.exception.split("\n")[0] : "Stopped");
      header.setAttribute("data-active", String(d.active));
      updateCharts(d.progress);
      renderBatches(d.batches);
      renderEventTime(d.batches);
      if (state.selected === null && d.batches.length) showBatch(d.batches[d.batches.length - 1].batchId);
      window.__iskraStatistics = { points: d.progress.length, batches: d.batches.length, events: events, updatedAt: Date.now() };
    }, function () { state.pending = false; });
  }

  document.querySelectorAll(".chart-row").forEach(function (row) { makeCharts(row.getAttribute("data-chart")); });
  refresh();
  var timer = null, events = 0;
  var es = new EventSource("/StreamingQuery/events?id=" + encodeURIComponent(runId));
  // Durations move on even when no batch runs.
  setInterval(refresh, 5000);
  ["progress", "batch", "query"].forEach(function (kind) {
    es.addEventListener(kind, function () { events++; if (!timer) timer = setTimeout(function () { timer = null; refresh(); }, 150); });
  });
})();
