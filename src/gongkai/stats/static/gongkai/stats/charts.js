// Bar and line charts drawn by the vendored ECharts from data the page carries as JSON (no inline script:
// the Content-Security-Policy forbids it). <div data-chart="ID"> reads <script type="application/json"
// id="ID">{"kind": "bar"|"line", "categories": [...], "series": [{"name", "data": [{"value", "url"}]}]}.
// Clicking a bar or point with a url opens the list of the records it counts. Every chart has its table
// beside it on the page (the accessible, printable view).
(function () {
  "use strict";
  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source || !window.echarts) { return; }
    var spec = JSON.parse(source.textContent);
    var horizontal = spec.kind === "bar" && spec.categories.length > 12;
    var category = {type: "category", data: spec.categories, axisLabel: {interval: 0, width: 160, overflow: "truncate"}};
    var value = {type: "value", minInterval: 1};
    if (horizontal) {
      category.inverse = true;
      el.style.height = Math.max(320, 28 * spec.categories.length + 80) + "px";
    }
    var chart = window.echarts.init(el, null, {renderer: "canvas"});
    chart.setOption({
      animation: false,
      tooltip: {trigger: "axis"},
      legend: {top: 0},
      grid: {left: 8, right: 24, top: 36, bottom: 8, containLabel: true},
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: spec.series.map(function (s) {
        return {name: s.name, type: spec.kind || "bar", data: s.data, stack: s.stack || null,
                cursor: "pointer", emphasis: {focus: "series"}};
      })
    });
    chart.on("click", function (params) {
      if (params.data && params.data.url) { window.location.href = params.data.url; }
    });
    el.gongkaiChart = chart;
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function drawIn(root) {
    var charts = root.querySelectorAll("[data-chart]");
    for (var i = 0; i < charts.length; i++) { if (!charts[i].gongkaiChart) { draw(charts[i]); } }
  }
  // sections below the first screen (<div data-section="URL">), fetched one after the other
  function loadSections() {
    var pending = Array.prototype.slice.call(document.querySelectorAll("[data-section]"));
    function next() {
      var box = pending.shift();
      if (!box) { return; }
      fetch(box.getAttribute("data-section"), {credentials: "same-origin"}).then(function (resp) {
        if (!resp.ok) { throw new Error(resp.status); }
        return resp.text();
      }).then(function (html) {
        box.innerHTML = html;
        box.removeAttribute("aria-busy");
        drawIn(box);
      }).catch(function () {
        box.removeAttribute("aria-busy");
        var p = box.querySelector("p");
        if (p) { p.insertBefore(document.createTextNode("本栏目载入失败。"), p.firstChild); }
      }).then(next);
    }
    next();
  }
  function init() {
    drawIn(document);
    loadSections();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
