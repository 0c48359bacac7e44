/**
 * The run page: choose servers and workloads, start `verdict bench --quick`, follow it live,
 * cancel it. The choices are the real server manifests and workloads.
 */
import { escapeHtml as h } from '../../report/escape.js';
import type { ServerManifest } from '../../servers/manifest.js';
import type { Workload } from '../../workloads/index.js';
import { layout } from './layout.js';

export function runPage(
  manifests: ServerManifest[],
  workloads: readonly Workload[],
  defaults: { servers: string[]; workloads: string[] },
  folder: string,
  maxLevel: number,
): string {
  const servers = manifests
    .map(
      (m) =>
        `<li><input type="checkbox" id="run-server-${h(m.name)}" name="servers" value="${h(m.name)}"` +
        `${defaults.servers.includes(m.name) ? ' checked' : ''}>` +
        `<label for="run-server-${h(m.name)}"><strong>${h(m.name)}</strong> <span class="tag">` +
        `${m.runtime === 'node' ? 'Node.js' : 'Python'}, ${h(m.variant)}</span><span class="hint block">` +
        `${h(m.description)}</span></label></li>`,
    )
    .join('');
  const loads = workloads
    .map(
      (w) =>
        `<li><input type="checkbox" id="run-workload-${h(w.name)}" name="workloads" value="${h(w.name)}"` +
        `${defaults.workloads.includes(w.name) ? ' checked' : ''}>` +
        `<label for="run-workload-${h(w.name)}"><strong>${h(w.name)}</strong> <span class="hint block">` +
        `${h(sentence(w.summary))} Quick run: ${w.levels.quick.join(', ')} ` +
        `${h(w.levelLabel)}.</span></label></li>`,
    )
    .join('');
  const main =
    `
<h1>Run a quick benchmark</h1>
<p class="lede">Starts <code>verdict bench --quick</code> on this machine: an ` +
    `embedded PostgreSQL, the chosen servers, one short trial per level, indicative rather than a verdict. Results ` +
    `go to <code>${h(folder)}</code> and open here when the run ends. One run at a time.</p>
<section ` +
    `id="run-panel" class="panel run-panel" aria-labelledby="run-title" hidden>
  <h2 id="run-title">Run <span ` +
    `id="run-id"></span>: <span id="run-state" class="run-state"></span></h2>
  <div class="progress-row">
    ` +
    `<progress id="run-progress" max="1" value="0" aria-labelledby="run-title run-label"></progress>
    <span ` +
    `id="run-count" class="count"></span>
  </div>
  <p id="run-label" class="run-label" role="status" ` +
    `aria-live="polite"></p>
  <p id="run-eta" class="hint"></p>
  <div class="actions">
    <button type="button" ` +
    `id="cancel-run" class="danger" disabled>Cancel the run</button>
  </div>
  <div id="run-end" class="run-end" ` +
    `hidden>
    <p id="run-end-text"></p>
    <p><a id="open-results" class="button primary" href="/results">Open ` +
    `the results</a></p>
  </div>
  <h3 id="run-log-title">Output</h3>
  <pre id="run-log" class="run-log" ` +
    `tabindex="0" aria-labelledby="run-log-title"></pre>
</section>
<form id="run-form" class="panel" novalidate ` +
    `aria-labelledby="run-form-title">
  <h2 id="run-form-title">Start a run</h2>
  <div class="run-choices">
  ` +
    `<fieldset data-field="servers" aria-describedby="run-servers-error">
    <legend>Servers</legend>
    <ul ` +
    `class="choices wide">${servers}</ul>
    <p class="field-error" id="run-servers-error" hidden></p>
  ` +
    `</fieldset>
  <fieldset data-field="workloads" aria-describedby="run-workloads-error">
    ` +
    `<legend>Workloads</legend>
    <ul class="choices wide">${loads}</ul>
    <p class="field-error" ` +
    `id="run-workloads-error" hidden></p>
  </fieldset>
  </div>
  <div class="field" data-field="levels">
    ` +
    `<label for="run-levels">Connection levels for the HTTP workloads <span ` +
    `class="hint">(optional)</span></label>
    <input type="text" id="run-levels" name="levels" ` +
    `inputmode="numeric" autocomplete="off" placeholder="the quick run's own, e.g. 100" ` +
    `aria-describedby="run-levels-hint run-levels-error">
    <p class="hint" id="run-levels-hint">Comma-separated ` +
    `whole numbers, up to 5 levels of at most ${maxLevel.toLocaleString('en-GB')} connections.</p>
    <p ` +
    `class="field-error" id="run-levels-error" hidden></p>
  </div>
  <p class="command-line">Command: <code ` +
    `id="run-command"></code></p>
  <div class="actions">
    <button type="submit" class="primary" ` +
    `id="start-run">Start the run</button>
  </div>
  <p id="run-message" class="message error" role="alert" ` +
    `hidden></p>
</form>
`;
  return layout('run', 'Run a benchmark', main);
}

/** Summaries are written as phrases; the page shows them as sentences. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
