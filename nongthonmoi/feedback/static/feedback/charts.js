/* ECharts bar charts for survey results; data comes from json_script blocks. */
(function () {
  "use strict";
  function bars(elId, dataId, valuesKey, markLine) {
    var el = document.getElementById(elId), src = document.getElementById(dataId);
    if (!el || !src || !window.echarts) return;
    var data = JSON.parse(src.textContent);
    el.style.height = (data.labels.length * 30 + 40) + "px";
    var chart = echarts.init(el);
    var series = { type: "bar", data: data[valuesKey], label: { show: true, position: "right", formatter: "{c}%" }, itemStyle: { color: "#2e7d32" } };
    if (markLine && data.threshold != null) {
      series.markLine = { symbol: "none", data: [{ xAxis: data.threshold }], label: { formatter: "{c}%" }, lineStyle: { color: "#b00020" } };
    }
    chart.setOption({
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", max: 100 },
      yAxis: { type: "category", inverse: true, data: data.labels, axisLabel: { width: 150, overflow: "truncate" } },
      series: [series]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function start() {
    bars("fb-chart", "fb-chart-data", "values", true);
    bars("fb-dashboard", "fb-dashboard-data", "values", false);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
