// Draws every [data-chart] element with ECharts from the option the server wrote into it.
// Served as a file, not inline, so the console's Content-Security-Policy allows no inline script.
document.querySelectorAll('[data-chart]').forEach(function (el) {
  var option = JSON.parse(el.getAttribute('data-chart'));
  var tooltip = option.tooltip;
  if (tooltip && tooltip.valueFormatter === '%') tooltip.valueFormatter = function (v) { return v == null ? '—' : v + '%'; };
  var chart = echarts.init(el);
  chart.setOption(option);
  window.addEventListener('resize', function () { chart.resize(); });
});
