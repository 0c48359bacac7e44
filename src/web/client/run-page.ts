/**
 * The run page: start a quick benchmark, follow it through server-sent events (state, progress,
 * log, end), cancel it, and open its results when it ends. A page opened (or reloaded) while a
 * run is going follows that run.
 */
import { ApiFailure, describeFailure, getJson, postJson } from './api.js';
import { byId, clearFields, hideMessage, markField, showMessage } from './dom.js';

interface RunProgress {
  done: number;
  total: number;
  label: string;
  etaSeconds: number;
}

interface RunSnapshot {
  id: string;
  state: 'running' | 'cancelling' | 'completed' | 'failed' | 'cancelled';
  command: string;
  progress: RunProgress | null;
  estimatedSeconds: number | null;
  results: string | null;
  processesSeen: number;
  leftovers: { pid: number; command: string }[];
  removedFolders: string[];
  message: string | null;
}

const form = byId<HTMLFormElement>('run-form');
const startButton = byId<HTMLButtonElement>('start-run');
const cancelButton = byId<HTMLButtonElement>('cancel-run');
const message = byId('run-message');
const commandLine = byId('run-command');
const panel = byId('run-panel');
const runId = byId('run-id');
const runState = byId('run-state');
const progress = byId<HTMLProgressElement>('run-progress');
const count = byId('run-count');
const label = byId('run-label');
const eta = byId('run-eta');
const end = byId('run-end');
const endText = byId('run-end-text');
const openResults = byId<HTMLAnchorElement>('open-results');
const log = byId('run-log');

const MAX_LOG_LINES = 600;
let current: RunSnapshot | undefined;
let events: EventSource | undefined;

const checkedValues = (name: string) =>
  [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((box) => box.value);

/** The levels field: empty means the quick run's own levels; anything else must be whole numbers. */
function readLevels(): number[] | undefined | Error {
  const raw = (form.elements.namedItem('levels') as HTMLInputElement).value.trim();
  if (!raw) return undefined;
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.some((part) => !/^\d+$/.test(part)))
    return new Error(`connection levels must be whole numbers separated by commas, got '${raw}'`);
  return parts.map(Number);
}

function request(): { servers: string[]; workloads: string[]; levels?: number[] } | Error {
  const levels = readLevels();
  if (levels instanceof Error) return levels;
  return { servers: checkedValues('servers'), workloads: checkedValues('workloads'), ...(levels ? { levels } : {}) };
}

function showCommand(): void {
  const body = request();
  if (body instanceof Error) return;
  commandLine.textContent = [
    'verdict bench --quick',
    body.servers.length ? `--servers ${body.servers.join(',')}` : '',
    body.workloads.length ? `--workloads ${body.workloads.join(',')}` : '',
    body.levels ? `--levels ${body.levels.join(',')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

const active = (run: RunSnapshot | undefined) => run?.state === 'running' || run?.state === 'cancelling';

function showState(run: RunSnapshot): void {
  current = run;
  panel.hidden = false;
  runId.textContent = run.id;
  runState.textContent = run.state;
  runState.className = `run-state ${run.state}`;
  startButton.disabled = active(run);
  cancelButton.hidden = !active(run);
  cancelButton.disabled = run.state !== 'running';
  if (run.progress) showProgress(run.progress);
}

function showProgress(p: RunProgress): void {
  progress.max = Math.max(1, p.total);
  progress.value = Math.min(p.done, p.total);
  count.textContent = `${p.done}/${p.total} cells`;
  label.textContent = p.label;
  eta.textContent = p.label === 'done' ? '' : `About ${p.etaSeconds} s left.`;
}

function appendLog(stream: string, text: string): void {
  const line = document.createElement('span');
  line.className = stream;
  line.textContent = `${text}\n`;
  const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 24;
  log.append(line);
  while (log.childNodes.length > MAX_LOG_LINES) log.firstChild!.remove();
  if (atBottom) log.scrollTop = log.scrollHeight;
}

/** `live`: the end just happened on this page (not a run found when the page opened). */
function showEnd(run: RunSnapshot, live: boolean): void {
  showState(run);
  const processes =
    run.leftovers.length === 0
      ? `All ${run.processesSeen} processes it started have stopped.`
      : `${run.leftovers.length} of its processes outlived it and were killed: ` +
        `${run.leftovers.map((p) => `${p.pid} ${p.command}`).join('; ')}.`;
  const outcome = {
    completed: 'The run finished.',
    cancelled: 'The run was cancelled.',
    failed: `The run failed: ${run.message ?? 'see the output below'}.`,
  }[run.state as 'completed' | 'cancelled' | 'failed'];
  const folders = run.removedFolders.length
    ? ` Its temporary PostgreSQL folder was left behind and has been removed (${run.removedFolders.join(', ')}).`
    : '';
  endText.textContent = `${outcome} ${processes}${folders}${run.results ? ` Results: ${run.results}.` : ''}`;
  end.hidden = false;
  if (run.results) {
    openResults.href = `/results?file=${encodeURIComponent(run.results)}`;
    openResults.textContent = run.state === 'completed' ? 'Open the results' : 'Open the partial results';
    openResults.hidden = false;
  } else {
    openResults.hidden = true;
  }
  const cells = run.progress ? `${run.progress.done} of ${run.progress.total} cells` : 'no cells';
  label.textContent = {
    completed: `Done: ${cells} measured.`,
    cancelled: `Cancelled after ${cells}.`,
    failed: `Failed after ${cells}.`,
  }[run.state as 'completed' | 'cancelled' | 'failed'];
  eta.textContent = '';
  // A finished run opens its results; a cancelled or failed one stays here to be read.
  if (!live) return;
  if (run.state === 'completed' && run.results) window.setTimeout(() => location.assign(openResults.href), 1_200);
  (openResults.hidden ? startButton : openResults).focus();
}

function follow(run: RunSnapshot): void {
  events?.close();
  log.replaceChildren();
  end.hidden = true;
  showState(run);
  const source = new EventSource(`/api/runs/${encodeURIComponent(run.id)}/events`);
  events = source;
  source.addEventListener('state', (event) =>
    showState(JSON.parse((event as MessageEvent<string>).data) as RunSnapshot),
  );
  source.addEventListener('progress', (event) =>
    showProgress(JSON.parse((event as MessageEvent<string>).data) as RunProgress),
  );
  source.addEventListener('log', (event) => {
    const { stream, message: text } = JSON.parse((event as MessageEvent<string>).data) as {
      stream: string;
      message: string;
    };
    appendLog(stream, text);
  });
  source.addEventListener('end', (event) => {
    source.close();
    showEnd(JSON.parse((event as MessageEvent<string>).data) as RunSnapshot, true);
  });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED)
      showMessage(message, 'Lost the connection to the verdict server; reload the page to follow the run again.');
  });
}

async function start(): Promise<void> {
  hideMessage(message);
  clearFields(form);
  const body = request();
  if (body instanceof Error) {
    markField(form, 'levels', body.message);
    showMessage(message, `Not started: ${body.message}.`);
    return;
  }
  startButton.disabled = true;
  try {
    follow(await postJson<RunSnapshot>('/api/runs', body));
    cancelButton.focus();
  } catch (error) {
    startButton.disabled = false;
    const detail = error instanceof ApiFailure ? error.detail : undefined;
    if (detail?.field) markField(form, detail.field, detail.message);
    showMessage(message, `Not started: ${describeFailure(error)}`);
    // Someone else's run (another tab): follow it rather than leave the page blind.
    if (detail?.code === 'run_in_progress') {
      const { run } = await getJson<{ run: RunSnapshot | null }>('/api/runs/current');
      if (run && run.id !== current?.id) follow(run);
    }
  }
}

async function cancel(): Promise<void> {
  if (!current) return;
  cancelButton.disabled = true;
  try {
    showState(await postJson<RunSnapshot>(`/api/runs/${encodeURIComponent(current.id)}/cancel`, {}));
    label.textContent = 'Cancelling: stopping the servers and PostgreSQL…';
  } catch (error) {
    showMessage(message, `Not cancelled: ${describeFailure(error)}`);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void start();
});
form.addEventListener('input', showCommand);
cancelButton.addEventListener('click', () => void cancel());
showCommand();

// Follow the run in progress (or show the last one) when the page opens.
void getJson<{ run: RunSnapshot | null }>('/api/runs/current').then(
  ({ run }) => {
    if (run && active(run)) follow(run);
    else if (run) {
      showEnd(run, false);
    }
  },
  (error: unknown) => showMessage(message, `Could not ask for the current run: ${describeFailure(error)}`),
);
