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
  function provinceMap(el, areas) {
    /* Geographic choropleth of the 34 provinces; the tile cartogram below stays the fallback. */
    if (!el || !areas || typeof echarts === "undefined" || typeof fetch === "undefined") { return; }
    fetch(el.getAttribute("data-geojson"))
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (geojson) {
        echarts.registerMap("provinces-2025", geojson);
        var card = document.getElementById("province-map-card");
        if (card) { card.hidden = false; }
        var chart = echarts.init(el, null, { renderer: "svg" });
        var shareLabel = el.getAttribute("data-label-share");
        var noneLabel = el.getAttribute("data-label-none");
        chart.setOption({
          tooltip: {
            trigger: "item",
            formatter: function (p) {
              var d = p.data || {};
              var share = d.share === null || d.share === undefined ? noneLabel : d.share.toLocaleString("vi-VN") + "%";
              return echarts.format.encodeHTML(d.title || p.name) + "<br>" + shareLabel + ": " + share;
            }
          },
          series: [{
            type: "map", map: "provinces-2025", nameProperty: "code", roam: false,
            aspectScale: 0.96, top: 8, bottom: 8, left: "center",
            selectedMode: false, label: { show: false },
            itemStyle: { borderColor: "#ffffff", borderWidth: 0.6, areaColor: "#d9d9d9" },
            emphasis: { label: { show: false }, itemStyle: { areaColor: "#d9a400" } },
            data: areas.map(function (a) {
              return { name: a.code, title: a.name, share: a.share, url: a.url, value: a.share, itemStyle: { areaColor: a.colour } };
            }),
            // the names of the archipelagos Hoàng Sa and Trường Sa, drawn with their provinces
            markPoint: {
              symbol: "circle", symbolSize: 3, silent: true,
              itemStyle: { color: "#555555" },
              label: { show: true, position: "bottom", formatter: "{b}", fontSize: 10, color: "#333333" },
              data: (geojson.labels || []).map(function (l) { return { name: l.name, coord: l.coord }; })
            }
          }]
        });
        chart.on("click", function (p) { if (p.data && p.data.url) { window.location.href = p.data.url; } });
        window.addEventListener("resize", function () { chart.resize(); });
      })
      .catch(function () { /* the cartogram below carries the same data */ });
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
    provinceMap(document.getElementById("map-provinces"), data("criteria-map"));
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
