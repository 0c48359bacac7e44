/**
 * The results page: pick a file from the results folder or upload one; the report (claims,
 * charts, tables) is drawn below from the API, which uses the HTML report's own sections.
 */
import { escapeHtml as h } from '../../report/escape.js';
import type { ResultsFileInfo } from '../results-folder.js';
import { MAX_RESULTS_TEXT } from '../results-folder.js';
import { layout } from './layout.js';

export function fileOption(f: ResultsFileInfo): string {
  const size =
    f.bytes >= 1024 * 1024
      ? `${(f.bytes / 1024 / 1024).toFixed(1)} MB`
      : `${Math.max(1, Math.round(f.bytes / 1024))} KB`;
  return (
    `<option value="${h(f.name)}">${h(f.name)} · ${h(f.modified.slice(0, 16).replace('T', ' '))} · ` +
    `${size}</option>`
  );
}

export function resultsPage(files: ResultsFileInfo[], folder: string, limitBytes: number): string {
  const main =
    `
<h1>Results</h1>
<p class="lede">The claims verdict, charts and tables of a benchmark run: the same report as ` +
    `<code>verdict report --format html</code>.</p>
<div class="results-controls">
  <form id="pick-form" ` +
    `class="panel" aria-labelledby="pick-title">
    <h2 id="pick-title">Open a results file</h2>
    <div ` +
    `class="field">
      <label for="results-file">Results file in <code>${h(folder)}</code></label>
      <select ` +
    `id="results-file" ` +
    `name="file"${files.length === 0 ? ' disabled' : ''}>${files.map(fileOption).join('')}</select>
    </div>
    ` +
    `<p class="hint" id="no-files"${files.length ? ' hidden' : ''}>No results files yet. Run a benchmark on the <a ` +
    `href="/run">Run</a> page, or upload a file.</p>
    <div class="actions">
      <button type="submit" ` +
    `class="primary" id="open-file"${files.length === 0 ? ' disabled' : ''}>Open</button>
      <button ` +
    `type="button" id="refresh-files">Refresh the list</button>
    </div>
  </form>
  <form id="upload-form" ` +
    `class="panel" aria-labelledby="upload-title">
    <h2 id="upload-title">Upload a results file</h2>
    <div ` +
    `class="field">
      <label for="upload-file">A results JSON file written by <code>verdict bench</code> (up to ` +
    `${MAX_RESULTS_TEXT})</label>
      <input type="file" id="upload-file" name="upload" ` +
    `accept=".json,application/json" data-limit="${limitBytes}">
    </div>
    <p class="hint">The file is read by ` +
    `this local server to draw its report; it is not stored.</p>
    <div class="actions"><button type="submit" ` +
    `id="upload-button">Upload and open</button></div>
  </form>
</div>
<div id="results-message" class="message ` +
    `error" role="alert" tabindex="-1" hidden></div>
<p id="results-status" class="visually-hidden" role="status" ` +
    `aria-live="polite"></p>
<article id="report" class="report" aria-labelledby="report-title" hidden></article>`;
  return layout('results', 'Results', main);
}
