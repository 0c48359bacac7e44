/**
 * The decide page: every change of an answer asks POST /api/decide (the real engine) and
 * redraws the recommendation; the ADR button downloads the record from POST /api/decide/adr.
 * An answer the engine rejects is marked where it was given, with the engine's own message.
 */
import { ApiFailure, describeFailure, isAbort, postJson, request } from './api.js';
import { byId, clearFields, debounce, hideMessage, markField, setTrustedHtml, showMessage } from './dom.js';

interface DecideResponse {
  summary: string;
  html: string;
  warnings: string[];
}

const form = byId<HTMLFormElement>('profile-form');
const decision = byId('decision');
const status = byId('decision-status');
const sticky = byId('sticky-summary');
const formMessage = byId('form-message');
const adrButton = byId<HTMLButtonElement>('download-adr');

const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value;
const checked = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).checked;

/** A number field as the API should see it: empty means "not answered", anything else is sent as typed. */
function numberOrText(raw: string): number | string {
  const trimmed = raw.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The answers as the request body; fields left empty are left out, so the engine's defaults apply. */
export function readAnswers(): { profile: Record<string, unknown>; results: string } {
  const touches = [...form.querySelectorAll<HTMLInputElement>('input[name="touches"]:checked')].map((box) => box.value);
  const team = Object.fromEntries(
    (['mid', 'senior', 'principal'] as const).map((level) => [level, numberOrText(value(`team-${level}`) || '0')]),
  );
  const profile: Record<string, unknown> = {
    name: value('name').trim(),
    touches,
    greenfield: checked('greenfield'),
    skills: { javascript: value('javascript'), python: value('python') },
    team,
    hiring: value('hiring'),
    location: value('location'),
  };
  if (value('aiPlanned')) profile.aiPlanned = value('aiPlanned');
  if (value('peakConnections').trim()) profile.peakConnections = numberOrText(value('peakConnections'));
  return { profile, results: value('results') };
}

let inFlight: AbortController | undefined;
let lastSummary = status.textContent ?? '';

async function update(): Promise<void> {
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  decision.setAttribute('aria-busy', 'true');
  try {
    const answer = await postJson<DecideResponse>('/api/decide', readAnswers(), controller.signal);
    clearFields(form);
    setTrustedHtml(decision, answer.html);
    decision.classList.remove('stale');
    const summary = `Recommendation: ${answer.summary}`;
    // Announced only when it changes, not on every keystroke.
    if (summary !== lastSummary) status.textContent = lastSummary = summary;
    sticky.querySelector('strong')!.textContent = answer.summary;
    if (answer.warnings.length) showMessage(formMessage, answer.warnings.join(' '));
    else hideMessage(formMessage);
  } catch (error) {
    if (isAbort(error)) return;
    clearFields(form);
    const field = error instanceof ApiFailure ? error.detail.field : undefined;
    const message = error instanceof ApiFailure ? error.detail.message : describeFailure(error);
    const marked = markField(form, field, message);
    showMessage(
      formMessage,
      marked ? `Not updated: ${message}. Change the marked answer.` : `Not updated: ${describeFailure(error)}`,
    );
    decision.classList.add('stale');
    status.textContent = lastSummary = 'The recommendation is not up to date: an answer needs changing.';
    sticky.querySelector('strong')!.textContent = 'not up to date (an answer needs changing)';
  } finally {
    if (inFlight === controller) decision.setAttribute('aria-busy', 'false');
  }
}

async function downloadAdr(): Promise<void> {
  adrButton.disabled = true;
  try {
    const response = await request('/api/decide/adr', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(readAnswers()),
    });
    const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'decision.md';
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    status.textContent = `Downloaded ${name}.`;
    lastSummary = '';
  } catch (error) {
    const field = error instanceof ApiFailure ? error.detail.field : undefined;
    markField(form, field, describeFailure(error));
    showMessage(formMessage, `The decision record was not made: ${describeFailure(error)}`);
  } finally {
    adrButton.disabled = false;
  }
}

const later = debounce(() => void update(), 200);
form.addEventListener('input', later);
form.addEventListener('change', later);
// Enter in a text field submits the form: answer it at once instead of reloading the page.
form.addEventListener('submit', (event) => {
  event.preventDefault();
  void update();
});
adrButton.addEventListener('click', () => void downloadAdr());
