// The charts: Apache ECharts, only the parts used, drawn as SVG (crisp on a phone, countable in the browser test).
import * as echarts from "echarts/core";
import { BarChart, HeatmapChart, LineChart } from "echarts/charts";
import { GridComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, HeatmapChart, LineChart, GridComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

const ink = "#c9d1d9";
const faint = "#30363d";
const accent = "#58a6ff";
const axis = { axisLine: { lineStyle: { color: faint } }, axisLabel: { color: ink }, splitLine: { lineStyle: { color: faint } } };

/** A chart in a container; it follows the container's size. Calling it again on the same container updates the chart. */
function chart(container, option) {
  let instance = echarts.getInstanceByDom(container);
  if (!instance) {
    instance = echarts.init(container, null, { renderer: "svg" });
    new ResizeObserver(() => instance.resize()).observe(container);
  }
  instance.setOption({ animation: false, textStyle: { color: ink }, tooltip: { trigger: "axis", confine: true }, ...option }, true);
  container.dataset.drawn = "true";
  return instance;
}

/** Horizontal bars, largest on top: top genres, top artists, lag per consumer. */
export function bars(container, names, values, color = accent) {
  return chart(container, {
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1, ...axis },
    yAxis: { type: "category", data: [...names].reverse(), ...axis, axisLabel: { color: ink, width: 130, overflow: "truncate" } },
    series: [{ type: "bar", data: [...values].reverse(), itemStyle: { color, borderRadius: [0, 3, 3, 0] }, barMaxWidth: 22 }],
  });
}

/** Listening by hour of day (UTC) as one row of 24 cells, darker for more. */
export function hourHeat(container, counts) {
  const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, "0"));
  return chart(container, {
    tooltip: { trigger: "item", confine: true, formatter: (p) => `${hours[p.data[0]]}:00 UTC: ${p.data[2]} events` },
    grid: { left: 8, right: 8, top: 8, bottom: 44, containLabel: true },
    xAxis: { type: "category", data: hours, ...axis, splitArea: { show: false } },
    yAxis: { type: "category", data: ["plays"], ...axis, axisLabel: { show: false } },
    visualMap: {
      min: 0, max: Math.max(1, ...counts), calculable: false, orient: "horizontal", left: "center", bottom: 0, itemHeight: 80,
      textStyle: { color: ink }, inRange: { color: ["#161b22", "#0e4429", "#26a641", "#39d353"] },
    },
    series: [{ type: "heatmap", data: counts.map((c, h) => [h, 0, c]), itemStyle: { borderColor: "#0d1117", borderWidth: 2 } }],
  });
}

/** A line over labelled points: skip rate over time, events per second. */
export function line(container, labels, values, { percent = false, area = false, color = accent } = {}) {
  return chart(container, {
    grid: { left: 8, right: 16, top: 12, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: labels, boundaryGap: false, ...axis },
    yAxis: {
      type: "value", min: 0, max: percent ? 1 : undefined, ...axis,
      axisLabel: { color: ink, formatter: percent ? (v) => `${Math.round(v * 100)}%` : undefined },
    },
    series: [{ type: "line", data: values, showSymbol: values.length < 30, smooth: true, lineStyle: { color, width: 2 },
      itemStyle: { color }, areaStyle: area ? { color, opacity: 0.2 } : undefined }],
  });
}
