/**
 * The results page: open a file from the results folder or upload one, and draw its report from
 * the sections the API returns (the HTML report's own charts and tables). A file that is not
 * JSON, not a results file, or too large gets the server's message; the page stays usable.
 */
import { describeFailure, getJson, request } from './api.js';
import { byId, hideMessage, setTrustedHtml, showMessage } from './dom.js';

interface ReportView {
  source: { kind: 'folder' | 'upload'; name: string };
  id: string;
  status: string;
  countsText: string;
  context: string[];
  sections: { id: string; title: string; html: string }[];
}

interface FileList {
  folder: string;
  limitBytes: number;
  files: { name: string; bytes: number; modified: string }[];
}

const pickForm = byId<HTMLFormElement>('pick-form');
const select = byId<HTMLSelectElement>('results-file');
const openButton = byId<HTMLButtonElement>('open-file');
const noFiles = byId('no-files');
const uploadForm = byId<HTMLFormElement>('upload-form');
const fileInput = byId<HTMLInputElement>('upload-file');
const message = byId('results-message');
const status = byId('results-status');
const report = byId('report');
const limit = Number(fileInput.dataset.limit);

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function render(view: ReportView): void {
  report.replaceChildren();
  const head = document.createElement('header');
  head.className = 'report-head';
  const title = document.createElement('h2');
  title.id = 'report-title';
  title.tabIndex = -1;
  title.textContent = `${view.source.kind === 'upload' ? 'Uploaded' : 'Report'}: ${view.source.name}`;
  head.append(title);
  for (const line of view.context) {
    const p = document.createElement('p');
    p.className = 'context';
    p.textContent = line;
    head.append(p);
  }
  const nav = document.createElement('nav');
  nav.setAttribute('aria-label', 'Report sections');
  for (const section of view.sections) {
    const link = document.createElement('a');
    link.href = `#${section.id}`;
    link.textContent = section.title;
    nav.append(link);
  }
  head.append(nav);
  report.append(head);
  for (const section of view.sections) {
    const element = document.createElement('section');
    element.id = section.id;
    element.setAttribute('aria-labelledby', `${section.id}-title`);
    const heading = document.createElement('h2');
    heading.id = `${section.id}-title`;
    heading.textContent = section.title;
    const body = document.createElement('div');
    setTrustedHtml(body, section.html);
    element.append(heading, body);
    report.append(element);
  }
  report.hidden = false;
  status.textContent = `Opened ${view.source.name}: ${view.countsText}.`;
}

async function open(load: () => Promise<ReportView>, what: string, focus: boolean): Promise<void> {
  hideMessage(message);
  report.setAttribute('aria-busy', 'true');
  try {
    render(await load());
    if (focus) byId('report-title').focus();
  } catch (error) {
    showMessage(message, `Could not open ${what}: ${describeFailure(error)}`);
    message.focus();
  } finally {
    report.setAttribute('aria-busy', 'false');
  }
}

function openFromFolder(name: string, focus = true): Promise<void> {
  return open(() => getJson<ReportView>(`/api/results/${encodeURIComponent(name)}`), name, focus);
}

async function upload(): Promise<void> {
  const file = fileInput.files?.[0];
  if (!file) {
    showMessage(message, 'Choose a results file to upload first.');
    fileInput.focus();
    return;
  }
  // The server enforces the same limit; saying so here spares sending megabytes for nothing.
  if (file.size > limit) {
    showMessage(
      message,
      `Could not open ${file.name}: it is ${megabytes(file.size)}, larger than the ${megabytes(limit)} limit ` +
        `for results files.`,
    );
    return;
  }
  await open(
    async () =>
      (
        await request('/api/results/upload', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-file-name': encodeURIComponent(file.name) },
          body: file,
        })
      ).json() as Promise<ReportView>,
    file.name,
    true,
  );
}

async function refresh(): Promise<void> {
  try {
    const list = await getJson<FileList>('/api/results');
    const chosen = select.value;
    select.replaceChildren(
      ...list.files.map((f) => {
        const option = document.createElement('option');
        option.value = f.name;
        option.textContent =
          `${f.name} · ${f.modified.slice(0, 16).replace('T', ' ')} · ` +
          `${f.bytes >= 1024 * 1024 ? megabytes(f.bytes) : `${Math.max(1, Math.round(f.bytes / 1024))} KB`}`;
        option.selected = f.name === chosen;
        return option;
      }),
    );
    select.disabled = openButton.disabled = list.files.length === 0;
    noFiles.hidden = list.files.length > 0;
    status.textContent = `${list.files.length} results file${list.files.length === 1 ? '' : 's'} in ${list.folder}.`;
  } catch (error) {
    showMessage(message, `Could not list the results folder: ${describeFailure(error)}`);
  }
}

pickForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (select.value) void openFromFolder(select.value);
});
uploadForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void upload();
});
byId('refresh-files').addEventListener('click', () => void refresh());

// /results?file=NAME opens that file (the run page sends you here when a run ends).
const wanted = new URLSearchParams(location.search).get('file');
if (wanted) {
  if ([...select.options].some((o) => o.value === wanted)) select.value = wanted;
  void openFromFolder(wanted, false);
}
