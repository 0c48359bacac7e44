/** Number and table formatting shared by the terminal and Markdown renderers. */

export function formatInteger(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Requests per second: whole numbers from 100 up, one decimal below. */
export function formatRate(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value >= 100 ? formatInteger(value) : value.toFixed(1);
}

/** Milliseconds with precision that fits the magnitude. */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (value < 10) return `${value.toFixed(2)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  return `${formatInteger(value)} ms`;
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return `${Math.round(value)}%`;
}

export function formatMb(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return `${value < 10 ? value.toFixed(1) : formatInteger(value)} MB`;
}

export type Align = 'left' | 'right';

/** A plain-text table: columns padded to their widest cell, two spaces apart. */
export function renderTable(headers: string[], rows: string[][], align: Align[] = [], indent = '  '): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    indent +
    cells
      .map((cell, i) => ((align[i] ?? 'left') === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
