import type { Range } from '@wattlens/core';
import type { DashboardSeries, SeriesPoint } from '../dashboard-snapshot';
import { svg } from './dom';

/** The figure a chart shows. */
export type SeriesMetric = 'energy' | 'gwp' | 'water';

/** How to draw one figure: its name and its unit formatter. */
export interface SeriesFigure {
  readonly metric: SeriesMetric;
  readonly label: string;
  readonly format: (value: number) => string;
}

const MARGIN = { top: 14, right: 8, bottom: 22, left: 68 } as const;

function pick(point: SeriesPoint, metric: SeriesMetric): Range {
  return point[metric];
}

/**
 * Draws the time series as bars in an SVG sized to its container: one bar per bucket (the
 * central estimate) over a light outline (the upper bound), a zero line, three y ticks with
 * adaptive units and the time axis.
 *
 * @param container - The element to draw in; its content is replaced.
 * @param series - The snapshot's series.
 * @param figure - Which figure, its label and formatter.
 */
export function drawSeriesChart(container: HTMLElement, series: DashboardSeries, figure: SeriesFigure): void {
  const width = Math.max(260, Math.floor(container.clientWidth));
  const height = width < 520 ? 170 : 220;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const { points } = series;
  const count = Math.max(1, points.length);
  const total = points.reduce((sum, point) => sum + pick(point, figure.metric).value, 0);
  const peak = Math.max(0, ...points.map((point) => pick(point, figure.metric).value));
  // Scaled on the central estimates: an upper bound can be 10–20× the value (undisclosed model
  // sizes) and would flatten every bar; outlines taller than the chart are cut at its top.
  const top = peak > 0 ? 1.25 * peak : Math.max(0, ...points.map((point) => pick(point, figure.metric).max));
  const minutes = Math.round((count * series.bucketMs) / 60_000);

  const chart = svg('svg', {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    class: 'chart__svg',
    'aria-label': `${figure.label} per ${series.bucketMs / 1000}-second slot over the last ${minutes} minutes: ${figure.format(total)} in all, peak ${figure.format(peak)}.`,
  });
  const y = (value: number): number => MARGIN.top + plotHeight - (top === 0 ? 0 : (value / top) * plotHeight);
  const slot = plotWidth / count;

  for (const fraction of [0, 0.5, 1]) {
    const value = top * fraction;
    const lineY = y(value);
    chart.append(
      svg('line', { class: fraction === 0 ? 'chart__axis' : 'chart__grid', x1: MARGIN.left, x2: width - MARGIN.right, y1: lineY, y2: lineY }),
      svg('text', { class: 'chart__tick', x: MARGIN.left - 8, y: lineY + 4, 'text-anchor': 'end' }, fraction === 0 ? '0' : top === 0 ? '' : figure.format(value)),
    );
  }
  points.forEach((point, index) => {
    const range = pick(point, figure.metric);
    if (range.max <= 0 && range.value <= 0) return;
    const x = MARGIN.left + index * slot + (slot > 3 ? 0.5 : 0);
    const barWidth = Math.max(1, slot - (slot > 3 ? 1 : 0));
    chart.append(
      svg('rect', { class: 'chart__upper', x, y: y(Math.min(range.max, top)), width: barWidth, height: Math.max(0, y(0) - y(Math.min(range.max, top))) }),
      svg('rect', { class: 'chart__bar', x, y: y(range.value), width: barWidth, height: Math.max(1, y(0) - y(range.value)) },
        svg('title', {}, `${new Date(point.time).toLocaleTimeString('en-GB')}: ${point.requests} request${point.requests === 1 ? '' : 's'}, ${figure.format(range.value)}`)),
    );
  });
  const labelY = height - 6;
  chart.append(
    svg('text', { class: 'chart__tick', x: MARGIN.left, y: labelY, 'text-anchor': 'start' }, `−${minutes} min`),
    svg('text', { class: 'chart__tick', x: MARGIN.left + plotWidth / 2, y: labelY, 'text-anchor': 'middle' }, `−${minutes / 2} min`),
    svg('text', { class: 'chart__tick', x: width - MARGIN.right, y: labelY, 'text-anchor': 'end' }, 'now'),
  );
  if (top === 0) {
    chart.append(svg('text', { class: 'chart__empty', x: MARGIN.left + plotWidth / 2, y: MARGIN.top + plotHeight / 2, 'text-anchor': 'middle' }, `No request in the last ${minutes} minutes`));
  }
  container.replaceChildren(chart);
}
