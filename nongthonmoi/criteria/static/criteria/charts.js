/* ECharts for the criteria dashboards; data comes from json_script blocks (no inline script). */
(function () {
  "use strict";
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function bar(el, labels, values, horizontal, name, colour, max) {
    if (!el || typeof echarts === "undefined") { return; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    var category = { type: "category", data: labels, axisLabel: { interval: 0, fontSize: 11, width: 150, overflow: "truncate" } };
    var value = { type: "value", minInterval: 1, max: max };
    chart.setOption({
      grid: { left: horizontal ? 8 : 36, right: 16, top: 16, bottom: 28, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? Object.assign({}, category, { inverse: true }) : value,
      series: [{ type: "bar", name: name, data: values, barMaxWidth: 28, itemStyle: { color: colour } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function init() {
    var charts = data("criteria-charts");
    if (charts) {
      bar(document.getElementById("chart-met"), charts.met.labels, charts.met.values, false, "Số xã", "#1f6f43");
      bar(document.getElementById("chart-missed"), charts.missed.labels, charts.missed.values, true, "Số xã chưa đạt", "#d33a48");
    }
    var provinces = data("criteria-provinces");
    if (provinces) {
      var el = document.getElementById("chart-provinces");
      if (el) { el.style.height = Math.max(200, provinces.labels.length * 22 + 40) + "px"; }
      bar(el, provinces.labels, provinces.values, true, "% xã đạt chuẩn", "#1f6f43", 100);
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
