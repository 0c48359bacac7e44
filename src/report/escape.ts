/**
 * Escaping for every string that comes from data (server names, reasons, log lines, quotes) before
 * it goes into HTML or Markdown. A results file is input: it may have been edited by anyone.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in element text and in quoted attribute values. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML[c]!);
}

/**
 * Safe as inline Markdown text, including inside a table cell: HTML is turned into entities (so
 * a renderer that allows raw HTML shows it as text), the punctuation that makes emphasis, code,
 * links, strike-through or a table column is backslash-escaped, and line breaks become spaces so a
 * cell stays one row and nothing can start a block (a heading, a list) of its own.
 */
export function escapeMarkdown(text: string | number): string {
  return String(text)
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => HTML[c]!);
}
