/** Axis scales and tick choice for the SVG charts: linear from zero, or logarithmic. */

export interface Scale {
  (value: number): number;
  ticks: number[];
}

/** Ticks at 1, 2 or 5 times a power of ten, about `count` of them, covering [0, max]. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = 0; t < max + step * 0.999; t += step) ticks.push(+t.toPrecision(12));
  return ticks;
}

/** Powers of ten covering [min, max], with 2 and 5 in between when the range is narrow. */
export function logTicks(min: number, max: number): number[] {
  const low = Math.floor(Math.log10(min));
  const high = Math.ceil(Math.log10(max));
  const ticks: number[] = [];
  for (let e = low; e <= high; e += 1) {
    for (const m of high - low <= 2 ? [1, 2, 5] : [1]) {
      const t = m * 10 ** e;
      ticks.push(+t.toPrecision(12));
    }
  }
  // Keep one tick below min and one above max, so every point sits between ticks.
  const first = Math.max(0, ticks.findIndex((t) => t > min) - 1);
  const after = ticks.findIndex((t) => t >= max);
  return ticks.slice(first, after === -1 ? undefined : after + 1);
}

export function linearScale(max: number, range: [number, number]): Scale {
  const ticks = niceTicks(max);
  const top = ticks.at(-1)!;
  const scale = ((v: number) => range[0] + (v / top) * (range[1] - range[0])) as Scale;
  scale.ticks = ticks;
  return scale;
}

export function logScale(min: number, max: number, range: [number, number]): Scale {
  const safeMin = min > 0 ? min : Math.min(max, 1) / 10 || 0.1;
  const ticks = logTicks(safeMin, Math.max(max, safeMin * 1.0001));
  const lo = Math.log10(ticks[0]!);
  const hi = Math.log10(ticks.at(-1)!);
  const scale = ((v: number) =>
    range[0] + ((Math.log10(Math.max(v, ticks[0]!)) - lo) / (hi - lo || 1)) * (range[1] - range[0])) as Scale;
  scale.ticks = ticks;
  return scale;
}

/** Evenly spaced positions for categories (levels, percentiles, K), whatever their values. */
export function bandPositions(count: number, range: [number, number]): number[] {
  if (count === 1) return [(range[0] + range[1]) / 2];
  const pad = (range[1] - range[0]) / (count * 2);
  return Array.from({ length: count }, (_, i) => range[0] + pad + (i * (range[1] - range[0] - 2 * pad)) / (count - 1));
}

/** Short tick labels: 1,000 -> 1k, 0.5 -> 0.5. */
export function tickLabel(value: number): string {
  if (value >= 1_000_000) return `${+(value / 1_000_000).toPrecision(3)}M`;
  if (value >= 1_000) return `${+(value / 1_000).toPrecision(3)}k`;
  return String(+value.toPrecision(3));
}
