// Completeness chart of a round: units per status (data from json_script, CSP-safe).
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("completeness-chart");
  var source = document.getElementById("completeness-data");
  if (!box || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var colours = ["#9e9e9e", "#f9a825", "#1e88e5", "#5e35b1", "#2e7d32", "#c62828"];
  var chart = window.echarts.init(box);
  chart.setOption({
    grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [{
      type: "bar",
      data: data.values.map(function (v, i) { return { value: v, itemStyle: { color: colours[i % colours.length] } }; }),
      label: { show: true, position: "top" }
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
