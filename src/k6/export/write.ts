/**
 * Builds an export in memory (scripts, manifests, README) and writes it to its folder. Building
 * first means a plan that cannot be exported fails before any file is written.
 */
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { httpScript } from './http-script.js';
import { readerPod, resultsClaim, scriptsConfigMap, testRun, toYaml } from './manifests.js';
import type { ExportOptions } from './options.js';
import { planExport, type NotExported, type ScriptPlan } from './plan.js';
import { exportReadme } from './readme.js';
import { websocketScript } from './websocket-script.js';

export interface ExportFile {
  /** Relative to the export folder. */
  path: string;
  text: string;
}

export interface Export {
  scripts: ScriptPlan[];
  notExported: NotExported[];
  files: ExportFile[];
}

export function buildExport(options: ExportOptions, verdictVersion: string): Export {
  const { scripts, notExported } = planExport({
    workloads: options.workloads,
    durationSeconds: options.durationSeconds,
    ...(options.connections ? { connections: options.connections } : {}),
    ...(options.rates ? { rates: options.rates } : {}),
  });
  if (scripts.length === 0) {
    const reasons = notExported.map((n) => `${n.workload}: ${n.reason}`).join('; ');
    throw new UsageError(
      `none of the workloads chosen has a k6 script (${reasons})`,
      'choose others with --workloads, e.g. --workloads users,users-open',
    );
  }
  const settings = {
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.server ? { server: options.server } : {}),
    ...(options.runtime ? { runtime: options.runtime } : {}),
    rows: options.rows,
    timeoutSeconds: options.timeoutSeconds,
    verdictVersion,
  };
  const texts = scripts.map((plan) => ({
    file: plan.file,
    text: plan.model.kind === 'websocket' ? websocketScript(plan, settings) : httpScript(plan, settings),
  }));
  const manifestSettings = {
    parallelism: options.parallelism,
    image: options.image,
    resultsSize: options.resultsSize,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.server ? { server: options.server } : {}),
    ...(options.runtime ? { runtime: options.runtime } : {}),
  };
  const files: ExportFile[] = [
    ...texts.map((s) => ({ path: `scripts/${s.file}`, text: s.text })),
    { path: 'k8s/configmap.yaml', text: toYaml(scriptsConfigMap(texts)) },
    { path: 'k8s/results-pvc.yaml', text: toYaml(resultsClaim(options.resultsSize)) },
    ...scripts.map((plan) => ({
      path: `k8s/testrun-${plan.workload}.yaml`,
      text: toYaml(testRun(plan, manifestSettings)),
    })),
    { path: 'k8s/results-reader.yaml', text: toYaml(readerPod()) },
    {
      path: 'README.md',
      text: exportReadme({
        scripts,
        notExported,
        parallelism: options.parallelism,
        verdictVersion,
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
        ...(options.server ? { server: options.server } : {}),
      }),
    },
  ];
  return { scripts, notExported, files };
}

/** Refuses a folder with anything in it unless forced: an export must not mix with other files unasked. */
export async function checkOutFolder(folder: string, force: boolean): Promise<void> {
  let entries: string[];
  try {
    if (!(await stat(folder)).isDirectory())
      throw new UsageError(`--out ${folder} is a file, not a folder`, 'name a new or empty folder');
    entries = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length > 0 && !force) {
    throw new UsageError(
      `--out ${folder} is not empty (${entries.length} ${entries.length === 1 ? 'entry' : 'entries'})`,
      'name a new or empty folder, or add --force to write over files of the same name',
    );
  }
}

export async function writeExport(folder: string, files: readonly ExportFile[]): Promise<void> {
  for (const file of files) {
    const path = join(folder, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.text);
  }
}
