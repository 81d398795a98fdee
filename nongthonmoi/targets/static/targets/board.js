// Sparklines on the target board and the province comparison chart (data via json_script).
(function () {
  "use strict";
  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    if (typeof echarts === "undefined") { return; }
    var series = read("targets-sparklines");
    if (series) {
      document.querySelectorAll(".sparkline[data-code]").forEach(function (el) {
        var s = series[el.dataset.code];
        if (!s || s.values.every(function (v) { return v === null; })) { el.textContent = "—"; return; }
        var chart = echarts.init(el, null, { renderer: "svg" });
        var marks = s.target === null ? [] : [{ yAxis: s.target }];
        chart.setOption({
          animation: false,
          grid: { left: 2, right: 2, top: 4, bottom: 4 },
          xAxis: { type: "category", show: false, data: s.years },
          yAxis: { type: "value", show: false, scale: true },
          tooltip: { trigger: "axis", confine: true },
          series: [{ type: "line", data: s.values, symbolSize: 4, connectNulls: true,
            lineStyle: { width: 2, color: "#2e7d32" }, itemStyle: { color: "#2e7d32" },
            markLine: { silent: true, symbol: "none", data: marks, lineStyle: { type: "dashed", color: "#b26a00" }, label: { show: false } } }]
        });
      });
    }
    var national = read("targets-national");
    var box = document.getElementById("national-chart");
    if (national && box && national.provinces.length) {
      var chart = echarts.init(box, null, { renderer: "svg" });
      chart.setOption({
        animation: false,
        grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: national.provinces, axisLabel: { rotate: 45, fontSize: 10 } },
        yAxis: { type: "value" },
        tooltip: { trigger: "axis" },
        series: [{ type: "bar", data: national.values, itemStyle: { color: "#2e7d32" },
          markLine: national.target === null ? undefined : { symbol: "none", data: [{ yAxis: national.target }], lineStyle: { color: "#b26a00", type: "dashed" } } }]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    }
  });
})();
