/**
 * Small Markdown helpers for the ADR: paragraphs and list items wrapped at 80 columns, the
 * default line length of markdownlint's MD013, so a generated record lints clean as written.
 */
export const WIDTH = 80;

/**
 * A wrapped line must not start with something Markdown reads as a new block (a list marker,
 * a heading, a quote, a table pipe), so the break moves one word earlier when it would.
 */
const BLOCK_START = /^([-*+>#|]|\d+[.)])/;

export function wrap(text: string, firstPrefix = '', restPrefix = firstPrefix, width = WIDTH): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current: string[] = [];
  let prefix = firstPrefix;
  const flush = () => {
    lines.push(prefix + current.join(' '));
    prefix = restPrefix;
    current = [];
  };
  for (const word of words) {
    const candidate = prefix.length + [...current, word].join(' ').length;
    if (current.length > 0 && candidate > width) {
      const carry: string[] = [];
      while (BLOCK_START.test(carry[0] ?? word) && current.length > 1) carry.unshift(current.pop()!);
      flush();
      current = carry;
    }
    current.push(word);
  }
  if (current.length > 0) flush();
  return lines;
}

export const paragraph = (text: string): string[] => [...wrap(text), ''];
export const bullet = (text: string): string[] => wrap(text, '* ', '  ');

export function bullets(items: string[]): string[] {
  if (items.length === 0) return [];
  return [...items.flatMap(bullet), ''];
}

/**
 * The guide's table rows are quoted as "| scenario | choice |"; in running Markdown text the
 * pipes would read as a table, so a row is written as: table row "scenario": "choice".
 */
export function proseQuote(quote: string): string {
  const row = /^\| (.+) \| (.+) \|$/.exec(quote);
  return row ? `table row "${row[1]}": "${row[2]}"` : `"${quote}"`;
}

/**
 * Characters Markdown would treat as markup inside running text. Backticks are kept: the texts
 * use them on purpose for commands and rule ids. `<` only opens HTML before a letter, `/`, `!`
 * or `?`, so "< 45 KiB" stays as written.
 */
export function escapeInline(text: string): string {
  return text.replace(/([\\*_[\]]|<(?=[A-Za-z/!?]))/g, '\\$1');
}

/**
 * Text the user typed (the project's name) on one line: control characters and whitespace runs,
 * line breaks included, become one space, so it cannot start a block of its own (a heading, a
 * list, a closing code fence) wherever it is written.
 */
export function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\s]+/gu, ' ').trim();
}

/**
 * Text the user typed, to be read as plain words inside a line: on one line, with every character
 * that is markup there escaped, backticks, entities (`&amp;`), GFM's strikethrough and table
 * pipes, a heading's closing `#` and the colon of a bare URL (GFM would link it) included. (`>`
 * is markup only at the start of a line, where wrap() never puts a word that starts with it.)
 */
export function escapeUserText(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<#&~|]|:(?=\/\/)/g, '\\$&');
}

/**
 * A table with its columns padded to the widest cell (markdownlint's MD060 accepts an aligned
 * table; MD013 checks table lines too, so callers keep cells short). Cells are escaped here.
 */
export function table(headers: string[], rows: string[][]): string[] {
  const cells = [headers, ...rows].map((row) => row.map((cell) => escapeInline(cell).replace(/\|/g, '\\|')));
  const widths = headers.map((_, i) => Math.max(3, ...cells.map((row) => [...(row[i] ?? '')].length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i]! + cell.length - [...cell].length)).join(' | ')} |`;
  return [line(cells[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line), ''];
}
