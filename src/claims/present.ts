/** How a claim's figures are printed: one place, so every renderer shows the same text. */
import { formatMs, formatRate } from '../util/format.js';
import type { Figure } from './figures.js';

/** The number alone, in the figure's unit: "4,210", "3.93", "0.05%", "12.3". */
function formatNumber(value: number, figure: Figure): string {
  switch (figure.unit) {
    case 'ms':
      return formatMs(value).replace(/ ms$/, '');
    case 'share':
      return `${+(value * 100).toFixed(Math.abs(value) < 0.001 ? 3 : 2)}%`;
    case 'KiB':
      return value.toFixed(1);
    default:
      return formatRate(value);
  }
}

/** What follows the number: " ms", " KiB", " 2xx req/s", " events missed". */
function suffix(figure: Figure): string {
  switch (figure.unit) {
    case 'ms':
      return ' ms';
    case 'KiB':
      return ' KiB';
    default:
      return ` ${figure.label}`;
  }
}

/** A figure with its unit, and its spread when there is one: "4,210 ± 120 2xx req/s". */
export function formatFigure(value: number, figure: Figure, spread?: number): string {
  const number = spread
    ? `${formatNumber(value, figure)} ± ${formatNumber(spread, figure)}`
    : formatNumber(value, figure);
  return `${number}${suffix(figure)}`;
}

/** The two figures behind a ratio, the unit said once: "3,298 vs 613 2xx req/s". */
export function formatPair(a: number, b: number, figure: Figure): string {
  return `${formatNumber(a, figure)} vs ${formatNumber(b, figure)}${suffix(figure)}`;
}

/** hyperfine's "2.00 ± 0.05"; with one trial there is no error to show (verdict compare across runs). */
export function formatRatio(value: number, error: number, trials: number): string {
  return trials < 2 ? `${value.toFixed(2)}x` : `${value.toFixed(2)} ± ${error.toFixed(2)}x`;
}

/**
 * An estimate with its interval, as every renderer prints it: "2.31x [2.10x, 2.55x] 95%, 5 rounds".
 * A single trial widened by the A/A noise floor says so.
 */
export function formatInterval(
  interval: { estimate: number; low: number; high: number; level: number; method: string },
  format: (value: number) => string,
  n: number,
  withRounds = true,
): string {
  const level = `${+(interval.level * 100).toFixed(interval.level > 0.99 ? 2 : 1)}%`;
  const how =
    interval.method === 'floor'
      ? `${level} A/A floor, 1 trial a side`
      : `${level}${withRounds ? `, ${n} round${n === 1 ? '' : 's'}` : ''}`;
  return `${format(interval.estimate)} [${format(interval.low)}, ${format(interval.high)}] ${how}`;
}
