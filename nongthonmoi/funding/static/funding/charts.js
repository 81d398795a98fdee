/* ECharts for the public funding page; data comes from a json_script block (no inline script). */
(function () {
  "use strict";
  function init() {
    var node = document.getElementById("funding-chart-data");
    var el = document.getElementById("funding-chart");
    if (!node || !el || typeof echarts === "undefined") { return; }
    var data = JSON.parse(node.textContent);
    el.style.height = Math.max(240, data.labels.length * 34 + 80) + "px";
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      grid: { left: 8, right: 24, top: el.clientWidth < 560 ? 64 : 36, bottom: 24, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", name: "triệu đồng" },
      yAxis: { type: "category", data: data.labels, inverse: true,
               axisLabel: { fontSize: 11, width: 130, overflow: "truncate" } },
      series: [
        { type: "bar", name: data.series[0], data: data.allocated, itemStyle: { color: "#9ccfaf" } },
        { type: "bar", name: data.series[1], data: data.disbursed, itemStyle: { color: "#1f6f43" } }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
