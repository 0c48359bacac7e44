/**
 * The decide page: the questionnaire, built from the profile schema's own lists and labels
 * (src/decide/profile.ts) so it asks exactly what `verdict decide` asks, beside the
 * recommendation for the default answers. The page's script re-asks the API on every change.
 */
import { AI_PLANS, HIRING, LOCATIONS, SKILLS, TOUCH_LABELS, TOUCHES } from '../../decide/profile.js';
import { escapeHtml as h } from '../../report/escape.js';
import type { ResultsFileInfo } from '../results-folder.js';
import { layout } from './layout.js';

/** The form starts from the engine's defaults (profile.ts), stated beside each field. */
const DEFAULTS = { name: 'the backend', team: { mid: 2, senior: 2, principal: 0 } };

const SKILL_TEXT: Record<string, string> = { none: 'None', some: 'Some', strong: 'Strong' };
const HIRING_TEXT: Record<string, string> = { permanent: 'Permanent staff', contract: 'Contractors (day rates)' };
const LOCATION_TEXT: Record<string, string> = { london: 'London', elsewhere: 'UK outside London' };
const AI_TEXT: Record<string, string> = { yes: 'Yes, planned', maybe: 'Maybe', no: 'No' };

const options = (values: readonly string[], text: Record<string, string>, selected?: string) =>
  values.map((v) => `<option value="${v}"${v === selected ? ' selected' : ''}>${h(text[v] ?? v)}</option>`).join('');

function errorSlot(id: string): string {
  return `<p class="field-error" id="${id}-error" hidden></p>`;
}

export function decidePage(
  files: ResultsFileInfo[],
  folder: string,
  initial: { html: string; summary: string },
): string {
  const touches = TOUCHES.map(
    (t) =>
      `<li><input type="checkbox" id="f-touch-${t}" name="touches" value="${t}"><label for="f-touch-${t}">` +
      `${h(TOUCH_LABELS[t])}</label></li>`,
  ).join('');
  const team = (['mid', 'senior', 'principal'] as const)
    .map(
      (level) =>
        `<div class="field small"><label for="f-team-${level}">` +
        `${level === 'mid' ? 'Mid-level' : level === 'senior' ? 'Senior' : 'Principal / lead'}</label>` +
        `<input type="number" id="f-team-${level}" name="team-${level}" min="0" max="500" step="1" ` +
        `inputmode="numeric" value="${DEFAULTS.team[level]}"></div>`,
    )
    .join('');
  const resultsOptions = [
    // The newest file may be a run still being written: the engine picks the newest completed one.
    `<option value="newest">The newest completed run in ${h(folder)}${files.length ? '' : ' (none yet)'}</option>`,
    '<option value="none">None: the guide\'s framework only</option>',
    ...files.map((f) => `<option value="${h(f.name)}">${h(f.name)}</option>`),
  ].join('');

  const form =
    `
<form id="profile-form" class="questionnaire panel" novalidate aria-labelledby="decide-title">
  <h1 ` +
    `id="decide-title">Node.js or Python?</h1>
  <p class="lede">Describe the project and the team. The ` +
    `recommendation follows every answer; it comes from the same engine as <code>verdict decide</code>.</p>
  ` +
    `<div class="field" data-field="profile.name">
    <label for="f-name">Project name <span class="hint">(used ` +
    `in the decision record's title)</span></label>
    <input type="text" id="f-name" name="name" value="` +
    `${h(DEFAULTS.name)}" maxlength="120" autocomplete="off" aria-describedby="f-name-error">
    ` +
    `${errorSlot('f-name')}
  </div>
  <fieldset data-field="profile.touches" ` +
    `aria-describedby="f-touches-error">
    <legend>What does the project touch?</legend>
    <ul ` +
    `class="choices">${touches}</ul>
    ${errorSlot('f-touches')}
  </fieldset>
  <div class="field check" ` +
    `data-field="profile.greenfield">
    <input type="checkbox" id="f-greenfield" name="greenfield"><label ` +
    `for="f-greenfield">Greenfield project: nothing is built yet</label>
  </div>
  <fieldset class="row" ` +
    `data-field="profile.skills">
    <legend>How well does the team know each language?</legend>
    <div ` +
    `class="field small" data-field="profile.skills.javascript">
      <label for="f-javascript">JavaScript / ` +
    `TypeScript</label>
      <select id="f-javascript" name="javascript" aria-describedby="f-javascript-error">` +
    `${options(SKILLS, SKILL_TEXT, 'none')}</select>
      ${errorSlot('f-javascript')}
    </div>
    <div ` +
    `class="field small" data-field="profile.skills.python">
      <label for="f-python">Python</label>
      ` +
    `<select id="f-python" name="python" ` +
    `aria-describedby="f-python-error">${options(SKILLS, SKILL_TEXT, 'none')}</select>
      ` +
    `${errorSlot('f-python')}
    </div>
    <p class="hint">Strong: knows it well. The guide's override rule, ` +
    `"use what your team already knows well", counts only strong.</p>
  </fieldset>
  <fieldset class="row" ` +
    `data-field="profile.team" aria-describedby="f-team-error">
    <legend>Team: people at each ` +
    `level</legend>
    ${team}
    ${errorSlot('f-team')}
  </fieldset>
  <div class="row">
    <div ` +
    `class="field small" data-field="profile.hiring">
      <label for="f-hiring">Hiring</label>
      <select ` +
    `id="f-hiring" name="hiring">${options(HIRING, HIRING_TEXT, 'permanent')}</select>
    </div>
    <div ` +
    `class="field small" data-field="profile.location">
      <label for="f-location">Location</label>
      ` +
    `<select id="f-location" name="location">${options(LOCATIONS, LOCATION_TEXT, 'london')}</select>
    </div>
  ` +
    `</div>
  <div class="field" data-field="profile.aiPlanned">
    <label for="f-ai-planned">AI features ` +
    `planned within 18 months?</label>
    <select id="f-ai-planned" name="aiPlanned" ` +
    `aria-describedby="f-ai-planned-hint f-ai-planned-error"><option value="" selected>Not answered</option>` +
    `${options(AI_PLANS, AI_TEXT)}</select>
    <p class="hint" id="f-ai-planned-hint">Not answered counts as yes ` +
    `when AI is in the first release, else no.</p>
    ${errorSlot('f-ai-planned')}
  </div>
  <div class="field" ` +
    `data-field="profile.peakConnections">
    <label for="f-peak">Expected peak of concurrent ` +
    `connections</label>
    <input type="number" id="f-peak" name="peakConnections" min="1" max="10000000" ` +
    `step="1" inputmode="numeric" placeholder="default" aria-describedby="f-peak-hint f-peak-error">
    <p ` +
    `class="hint" id="f-peak-hint">Leave empty for the default: 1,000 when the project has thousands of ` +
    `simultaneous connections, else 100.</p>
    ${errorSlot('f-peak')}
  </div>
  <div class="field" ` +
    `data-field="results">
    <label for="f-results">Measurements to cite</label>
    <select id="f-results" ` +
    `name="results" aria-describedby="f-results-error">${resultsOptions}</select>
    ${errorSlot('f-results')}
  ` +
    `</div>
  <div class="actions">
    <button type="button" id="download-adr" class="primary">Download the ` +
    `decision record (ADR)</button>
  </div>
  <p class="hint">The record is Markdown in the MADR format, the ` +
    `same file as <code>verdict decide --adr</code>.</p>
  <p class="form-message" id="form-message" role="alert" ` +
    `hidden></p>
</form>`;

  const decision =
    `
<div class="decision-column">
  <p id="decision-status" class="decision-status" role="status" ` +
    `aria-live="polite">Recommendation: ${h(initial.summary)}</p>
  <div ` +
    `id="decision">${initial.html}</div>
</div>`;

  const sticky =
    `<a class="sticky-summary" href="#decision" id="sticky-summary">Recommendation: ` +
    `<strong>${h(initial.summary)}</strong> <span aria-hidden="true">↓</span></a>`;
  return layout('decide', 'Decide', `<div class="decide-layout">${form}${decision}</div>${sticky}`);
}
