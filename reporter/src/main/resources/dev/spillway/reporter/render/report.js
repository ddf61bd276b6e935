"use strict";
(function () {
  var data = JSON.parse(document.getElementById("spillway-data").textContent);
  var charts = [];
  var palette = ["#2f6db5", "#d9822b", "#3a9e5c", "#c23b3b", "#7b5ea7", "#8c6d46", "#c95fa8", "#6b7a8f", "#b5a82f", "#2fb5ad"];

  function bytes(v) {
    if (v === null || v === undefined || isNaN(v)) return "–";
    var units = ["B", "KiB", "MiB", "GiB", "TiB"], i = 0, x = Math.abs(v);
    while (x >= 1024 && i < units.length - 1) { x /= 1024; i++; }
    var s = (v < 0 ? -x : x);
    return (i === 0 ? s.toFixed(0) : s.toFixed(x >= 100 ? 0 : x >= 10 ? 1 : 2)) + " " + units[i];
  }
  function millis(v) {
    if (v === null || v === undefined || isNaN(v)) return "–";
    return v >= 1000 ? (v / 1000).toFixed(2) + " s" : v >= 1 ? v.toFixed(1) + " ms" : (v * 1000).toFixed(0) + " µs";
  }
  function percent(v) { return (v * 100).toFixed(1) + "%"; }
  function seconds(v) { return v.toFixed(1) + " s"; }
  function escapeText(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    var chart = echarts.init(el, null, { renderer: "canvas" });
    option.animation = false;
    option.color = option.color || palette;
    chart.setOption(option);
    charts.push(chart);
    el.setAttribute("data-rendered", "true");
  }

  function zoom() {
    return [{ type: "inside", xAxisIndex: 0, filterMode: "none" }, { type: "slider", xAxisIndex: 0, height: 18, bottom: 6, filterMode: "none" }];
  }

  function tooltip(format) {
    return {
      trigger: "axis", confine: true,
      formatter: function (items) {
        if (!items.length) return "";
        var head = items[0].axisValueLabel;
        return escapeText(head) + "<br>" + items.map(function (it) {
          var v = Array.isArray(it.value) ? it.value[1] : it.value;
          return it.marker + escapeText(it.seriesName) + ": <b>" + escapeText(format(v, it)) + "</b>";
        }).join("<br>");
      }
    };
  }

  function relative(points, start) {
    return points.map(function (p) { return [(p[0] - start) / 1000, p[1]]; });
  }

  function reportTimeline(id, r) {
    var t = r.timelines;
    var series = [
      { name: "heap after GC", type: "line", step: "end", showSymbol: false, data: t.heapAfterGc, yAxisIndex: 0, lineStyle: { width: 2 } },
      { name: "heap before GC", type: "line", showSymbol: false, data: t.heapBeforeGc, yAxisIndex: 0, lineStyle: { width: 1, type: "dashed" } },
      { name: "heap committed", type: "line", step: "end", showSymbol: false, data: t.heapCommitted, yAxisIndex: 0, lineStyle: { width: 1, opacity: 0.6 } }
    ];
    if (t.offHeapUsed.length) {
      series.push({ name: "off-heap used", type: "line", showSymbol: false, data: t.offHeapUsed, yAxisIndex: 0, areaStyle: { opacity: 0.15 } });
      series.push({ name: "off-heap reserved", type: "line", showSymbol: false, data: t.offHeapReserved, yAxisIndex: 0, lineStyle: { type: "dotted" } });
    }
    t.pausesByCause.forEach(function (s) {
      series.push({ name: "pause: " + s.name, type: "scatter", symbolSize: 6, data: s.points, yAxisIndex: 1 });
    });
    draw(id, {
      tooltip: tooltip(function (v, it) { return it.seriesType === "scatter" ? millis(v) : bytes(v); }),
      legend: { type: "scroll", top: 0 },
      grid: { left: 70, right: 70, top: 40, bottom: 60 },
      xAxis: { type: "time" },
      yAxis: [{ type: "value", name: "heap", axisLabel: { formatter: bytes } },
              { type: "value", name: "pause", axisLabel: { formatter: millis }, splitLine: { show: false } }],
      dataZoom: zoom(),
      series: series
    });
  }

  function allocationChart(id, r) {
    var t = r.timelines;
    var series = [{ name: "allocation rate", type: "line", showSymbol: false, data: t.allocationRate, areaStyle: { opacity: 0.2 }, yAxisIndex: 0 }];
    if (t.cpuJvm.length) {
      series.push({ name: "CPU (JVM)", type: "line", showSymbol: false, data: t.cpuJvm, yAxisIndex: 1 });
      series.push({ name: "CPU (machine)", type: "line", showSymbol: false, data: t.cpuMachine, yAxisIndex: 1, lineStyle: { type: "dashed" } });
    }
    draw(id, {
      tooltip: tooltip(function (v, it) { return it.seriesIndex === 0 ? bytes(v) + "/s" : percent(v); }),
      legend: { top: 0 },
      grid: { left: 80, right: 60, top: 40, bottom: 60 },
      xAxis: { type: "time" },
      yAxis: [{ type: "value", name: "bytes/s", axisLabel: { formatter: function (v) { return bytes(v) + "/s"; } } },
              { type: "value", name: "CPU", min: 0, max: 1, axisLabel: { formatter: percent }, splitLine: { show: false } }],
      dataZoom: zoom(),
      series: series
    });
  }

  function binLabel(b) {
    return b.toMillis === null ? "≥ " + millis(b.fromMillis) : millis(b.fromMillis) + "–" + millis(b.toMillis);
  }

  function histogramChart(id, runs) {
    var labels = [];
    runs.forEach(function (run) {
      run.report.gc.pauseHistogram.forEach(function (b) { if (labels.indexOf(binLabel(b)) < 0) labels.push(binLabel(b)); });
    });
    var all = [0, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];
    labels.sort(function (a, b) {
      function from(l) { for (var i = 0; i < all.length; i++) if (l.indexOf(millis(all[i])) === 0 || l === "≥ " + millis(all[i])) return i; return 99; }
      return from(a) - from(b);
    });
    draw(id, {
      tooltip: { trigger: "axis", confine: true },
      legend: { top: 0, show: runs.length > 1 },
      grid: { left: 60, right: 20, top: 40, bottom: 50 },
      xAxis: { type: "category", data: labels, name: "pause", nameLocation: "middle", nameGap: 30 },
      yAxis: { type: "value", name: "collections", minInterval: 1 },
      series: runs.map(function (run) {
        var counts = {};
        run.report.gc.pauseHistogram.forEach(function (b) { counts[binLabel(b)] = b.count; });
        return { name: run.name, type: "bar", data: labels.map(function (l) { return counts[l] || 0; }) };
      })
    });
  }

  function sitesChart(id, r) {
    var rows = r.sites.rows.slice(0, 12).reverse();
    draw(id, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true,
        formatter: function (items) {
          var row = rows[items[0].dataIndex];
          return escapeText(row.className + "." + row.methodName + (row.line >= 0 ? ":" + row.line : "")) + "<br>" + items.map(function (it) {
            return it.marker + escapeText(it.seriesName) + ": <b>" + (it.seriesIndex === 0 ? bytes(it.value) : percent(it.value)) + "</b>";
          }).join("<br>");
        } },
      legend: { top: 0 },
      grid: { left: 260, right: 60, top: 40, bottom: 30 },
      yAxis: { type: "category", data: rows.map(function (row) {
        var n = row.className.substring(row.className.lastIndexOf(".") + 1) + "." + row.methodName + (row.line >= 0 ? ":" + row.line : "");
        return n.length > 40 ? n.substring(0, 39) + "…" : n;
      }) },
      xAxis: [{ type: "value", name: "bytes", axisLabel: { formatter: bytes } }, { type: "value", name: "GC share", max: 1, axisLabel: { formatter: percent }, splitLine: { show: false } }],
      series: [
        { name: "large byte[] bytes", type: "bar", xAxisIndex: 0, data: rows.map(function (row) { return row.bytes; }) },
        { name: "share of GC pause time", type: "bar", xAxisIndex: 1, data: rows.map(function (row) { return row.gcShare; }) }
      ]
    });
  }

  function overlay(id, runs, pick, format, name) {
    draw(id, {
      tooltip: { trigger: "item", confine: true, formatter: function (it) {
        return escapeText(it.seriesName) + "<br>" + seconds(it.value[0]) + ": <b>" + escapeText(format(it.value[1])) + "</b>";
      } },
      legend: { type: "scroll", top: 0 },
      grid: { left: 70, right: 30, top: 40, bottom: 60 },
      xAxis: { type: "value", name: "seconds since start", nameLocation: "middle", nameGap: 25, axisLabel: { formatter: seconds } },
      yAxis: { type: "value", name: name, axisLabel: { formatter: format } },
      dataZoom: zoom(),
      series: runs.flatMap(function (run) { return pick(run); })
    });
  }

  function renderReport(r) {
    reportTimeline("chart-timeline", r);
    allocationChart("chart-allocation", r);
    histogramChart("chart-histogram", [{ name: "collections", report: r }]);
    if (r.sites.rows.length) sitesChart("chart-sites", r);
  }

  function renderComparison(c) {
    var runs = c.runs;
    overlay("chart-heap", runs, function (run) {
      var start = run.report.recording.startMillis;
      return [{ name: run.name + ": heap after GC", type: "line", step: "end", showSymbol: false, data: relative(run.report.timelines.heapAfterGc, start) }].concat(
        run.report.timelines.offHeapUsed.length ? [{ name: run.name + ": off-heap used", type: "line", showSymbol: false, lineStyle: { type: "dotted" }, data: relative(run.report.timelines.offHeapUsed, start) }] : []);
    }, bytes, "bytes");
    overlay("chart-pauses", runs, function (run) {
      var start = run.report.recording.startMillis, merged = [];
      run.report.timelines.pausesByCause.forEach(function (s) { merged = merged.concat(relative(s.points, start)); });
      merged.sort(function (a, b) { return a[0] - b[0]; });
      return [{ name: run.name + ": pauses", type: "scatter", symbolSize: 5, data: merged }];
    }, millis, "pause");
    overlay("chart-rate", runs, function (run) {
      return [{ name: run.name + ": allocation rate", type: "line", showSymbol: false, data: relative(run.report.timelines.allocationRate, run.report.recording.startMillis) }];
    }, function (v) { return bytes(v) + "/s"; }, "bytes/s");
    histogramChart("chart-histogram", runs);
  }

  try {
    if (typeof echarts === "undefined") throw new Error("the chart library did not load");
    if (data.format.indexOf("spillway-comparison") === 0) renderComparison(data); else renderReport(data);
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
    if (!document.body.hasAttribute("data-error")) document.body.setAttribute("data-status", "ok");
  } catch (e) {
    document.body.setAttribute("data-error", String(e && e.stack || e));
    throw e;
  }
})();
