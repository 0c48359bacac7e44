/**
 * Two chart shapes drawn as inline SVG strings: lines over categories (levels, percentiles, K) and
 * grouped bars. No library and no fetch: the report must open offline. Every piece of text from
 * data is escaped; colours come from our own palette, never from data.
 */
import { escapeHtml as h } from '../escape.js';
import { bandPositions, linearScale, logScale, tickLabel, type Scale } from './scale.js';

export interface ChartFrame {
  /** Stable id, e.g. "throughput-users"; used by tests and by the web page. */
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  categories: string[];
  /** Logarithmic y axis, for figures spanning orders of magnitude (latency tails, compute). */
  log?: boolean;
}

export interface LinePoint {
  category: string;
  y: number;
  /** Whiskers, e.g. the min and max of the trials. */
  low?: number;
  high?: number;
  /** Tooltip text. */
  title: string;
}

export interface LineSeries {
  name: string;
  color: string;
  dashed?: boolean;
  points: LinePoint[];
}

export interface Bar {
  series: string;
  color: string;
  value: number;
  title: string;
  /** Printed above the bar. */
  label: string;
}

export interface BarGroup {
  category: string;
  bars: Bar[];
}

export interface LegendEntry {
  name: string;
  color: string;
  dashed?: boolean;
}

const WIDTH = 640;
const HEIGHT = 300;
const M = { top: 14, right: 16, bottom: 46, left: 64 };
const X_RANGE: [number, number] = [M.left, WIDTH - M.right];
const Y_RANGE: [number, number] = [HEIGHT - M.bottom, M.top];

const fixed = (n: number) => n.toFixed(1);

function yScale(values: number[], log: boolean | undefined): Scale {
  const positive = values.filter((v) => v > 0);
  const max = Math.max(...values, 0);
  return log && positive.length ? logScale(Math.min(...positive), max, Y_RANGE) : linearScale(max, Y_RANGE);
}

function axes(frame: ChartFrame, y: Scale, xs: number[]): string {
  const parts: string[] = [];
  for (const tick of y.ticks) {
    const py = fixed(y(tick));
    parts.push(
      `<line class="grid" x1="${M.left}" x2="${WIDTH - M.right}" y1="${py}" y2="${py}"/>`,
      `<text class="tick" x="${M.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">` +
        `${h(tickLabel(tick))}</text>`,
    );
  }
  frame.categories.forEach((category, i) =>
    parts.push(
      `<text class="tick" x="${fixed(xs[i]!)}" y="${HEIGHT - M.bottom + 16}" ` +
        `text-anchor="middle">${h(category)}</text>`,
    ),
  );
  parts.push(
    `<line class="axis" x1="${M.left}" x2="${WIDTH - M.right}" y1="${HEIGHT - M.bottom}" y2="${HEIGHT - M.bottom}"/>`,
    `<line class="axis" x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${HEIGHT - M.bottom}"/>`,
    `<text class="axis-label" x="${(M.left + WIDTH - M.right) / 2}" y="${HEIGHT - 8}" text-anchor="middle">` +
      `${h(frame.xLabel)}</text>`,
    `<text class="axis-label" transform="translate(14 ${(M.top + HEIGHT - M.bottom) / 2}) rotate(-90)" ` +
      `text-anchor="middle">${h(frame.yLabel)}${frame.log ? ' (log scale)' : ''}</text>`,
  );
  return parts.join('');
}

function open(frame: ChartFrame, kind: string, points: number): string {
  return (
    `<svg class="chart" data-chart="${h(frame.id)}" data-kind="${kind}" data-points="${points}" ` +
    `xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" ` +
    `role="img" aria-label="${h(frame.title)}">`
  );
}

export function lineChart(frame: ChartFrame, series: LineSeries[]): string {
  const xs = bandPositions(frame.categories.length, X_RANGE);
  const y = yScale(
    series.flatMap((s) => s.points.flatMap((p) => [p.y, p.high ?? p.y])),
    frame.log,
  );
  const x = (category: string) => xs[frame.categories.indexOf(category)]!;
  const body: string[] = [];
  let count = 0;
  for (const s of series) {
    const points = s.points
      .filter((p) => frame.categories.includes(p.category))
      .sort((a, b) => frame.categories.indexOf(a.category) - frame.categories.indexOf(b.category));
    if (points.length === 0) continue;
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${fixed(x(p.category))} ${fixed(y(p.y))}`).join(' ');
    body.push(`<g class="series" data-series="${h(s.name)}">`);
    // One point makes no line (a lone "M" draws nothing); its circle below shows it.
    if (points.length > 1)
      body.push(`<path class="line" d="${d}" stroke="${s.color}"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const p of points) {
      const px = fixed(x(p.category));
      if (p.low !== undefined && p.high !== undefined && p.high > p.low) {
        body.push(
          `<line class="whisker" x1="${px}" x2="${px}" y1="${fixed(y(p.low))}" y2="${fixed(y(p.high))}" stroke="` +
            `${s.color}"/>`,
        );
      }
      body.push(
        `<circle class="point" cx="${px}" cy="${fixed(y(p.y))}" r="3.5" ` +
          `fill="${s.color}"><title>${h(p.title)}</title></circle>`,
      );
      count += 1;
    }
    body.push('</g>');
  }
  return `${open(frame, 'line', count)}${axes(frame, y, xs)}${body.join('')}</svg>`;
}

export function barChart(frame: ChartFrame, groups: BarGroup[]): string {
  const xs = bandPositions(frame.categories.length, X_RANGE);
  const y = yScale(
    groups.flatMap((g) => g.bars.map((b) => b.value)),
    frame.log,
  );
  const band = (X_RANGE[1] - X_RANGE[0]) / frame.categories.length;
  const body: string[] = [];
  let count = 0;
  for (const group of groups) {
    const center = xs[frame.categories.indexOf(group.category)];
    if (center === undefined || group.bars.length === 0) continue;
    const width = Math.min(36, (band * 0.8) / group.bars.length);
    group.bars.forEach((bar, i) => {
      const left = center - (width * group.bars.length) / 2 + i * width;
      const top = y(bar.value);
      const height = Math.max(1, Y_RANGE[0] - top);
      body.push(
        `<rect class="bar" data-series="${h(bar.series)}" x="${fixed(left + 1)}" y="` +
          `${fixed(Y_RANGE[0] - height)}" width="${fixed(width - 2)}" height="${fixed(height)}" ` +
          `fill="${bar.color}"><title>${h(bar.title)}</title></rect>`,
        `<text class="bar-label" x="${fixed(left + width / 2)}" y="${fixed(Y_RANGE[0] - height - 4)}" ` +
          `text-anchor="middle">${h(bar.label)}</text>`,
      );
      count += 1;
    });
  }
  return `${open(frame, 'bar', count)}${axes(frame, y, xs)}${body.join('')}</svg>`;
}

export function legend(entries: LegendEntry[]): string {
  const items = entries.map(
    (e) =>
      `<li><svg width="22" height="10" aria-hidden="true"><line x1="1" x2="21" y1="5" y2="5" ` +
      `stroke="${e.color}" stroke-width="3"${e.dashed ? ' stroke-dasharray="5 3"' : ''}/></svg>${h(e.name)}</li>`,
  );
  return `<ul class="legend">${items.join('')}</ul>`;
}

/** A chart with its title, legend and an optional caption, as one HTML fragment. */
export function chartFigure(frame: ChartFrame, svg: string, entries: LegendEntry[], caption?: string): string {
  return (
    `<figure class="chart-figure" id="chart-${h(frame.id)}"><figcaption>${h(frame.title)}</figcaption>${svg}` +
    `${legend(entries)}${caption ? `<p class="caption">${h(caption)}</p>` : ''}</figure>`
  );
}
