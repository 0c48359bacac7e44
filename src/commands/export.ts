/**
 * `verdict export k6 --out DIR`: verdict's HTTP workloads as k6 scripts (TypeScript) with
 * k6-operator manifests, for load beyond one machine; `verdict import k6` reads their output back.
 * verdict writes the scripts and reads k6's output; it never runs, ships or links k6 (AGPL-3.0).
 */
import { join } from 'node:path';
import type { CommandSpec } from '../cli/args.js';
import { ExitCode, UsageError } from '../core/errors.js';
import { palette, writeLine } from '../core/output.js';
import { testRunName } from '../k6/export/manifests.js';
import { buildExport, checkOutFolder, writeExport } from '../k6/export/write.js';
import { loadManifests } from '../servers/manifest.js';
import { shownPath } from '../util/shown-path.js';
import { verdictVersion } from '../util/version.js';
import { exportFlags, parseExportOptions } from './export-options.js';

const FORMATS = ['k6'] as const;

export const command: CommandSpec = {
  name: 'export',
  summary:
    "Write verdict's HTTP workloads as k6 scripts (TypeScript) with k6-operator manifests, for load beyond one " +
    'machine.',
  description:
    'One k6 script per workload k6 can drive as verdict does (closed model as constant-vus, open model as\n' +
    'constant-arrival-rate, websocket with k6/websockets), at the levels verdict bench runs, with the same ' +
    'paths, checks\n' +
    'and failure thresholds; every sample tagged workload, level and server for `verdict import k6`. Beside them: a\n' +
    'ConfigMap with the scripts, a results claim, one k6-operator TestRun per script and a pod to copy the ' +
    'results back.\n' +
    "verdict only writes these files and reads k6's output; install k6 or k6-operator yourself.",
  positionals: [{ name: 'format', description: "what to export: 'k6'", required: true }],
  flags: exportFlags,
  examples: [
    'verdict export k6 --out k6-export',
    'verdict export k6 --out k6-export --target http://api.internal:3000 --server node-fastify --parallelism 8',
    'verdict export k6 --out k6-export --workloads users,users-open --levels 100,1000 --rates 1000,4000 --duration 60s',
  ],
  async run(input, out) {
    const [format] = input.positionals;
    if (!(FORMATS as readonly string[]).includes(format!))
      throw new UsageError(`unknown format '${format}' for 'verdict export'`, `choose from ${FORMATS.join(', ')}`);
    const options = parseExportOptions(input, await loadManifests(), out.cwd);
    const version = verdictVersion();
    const built = buildExport(options, version);
    await checkOutFolder(options.out, options.force);
    await writeExport(options.out, built.files);

    const p = palette(out.color);
    const folder = shownPath(out.cwd, options.out);
    for (const script of built.scripts) {
      writeLine(
        out.stderr,
        p.dim(
          `wrote scripts/${script.file}: ${script.levels.join(', ')} ${script.levelLabel}, ` +
            `${script.durationSeconds} s each`,
        ),
      );
    }
    for (const skipped of built.notExported)
      writeLine(out.stderr, `${p.yellow('note')}: ${skipped.workload} is not exported: ${skipped.reason}`);
    if (!options.baseUrl)
      writeLine(
        out.stderr,
        `${p.yellow('note')}: no --target: the scripts need BASE_URL (k6 run -e BASE_URL=..., or ` +
          `spec.runner.env in each TestRun)`,
      );
    if (!options.server)
      writeLine(
        out.stderr,
        `${p.yellow('note')}: no --server: the scripts need SERVER, the name the \`server\` tag carries`,
      );
    writeLine(
      out.stderr,
      `wrote ${built.files.length} files to ${folder}; read ${join(folder, 'README.md')} to run them and bring ` +
        `the results back`,
    );
    if (options.json) {
      const summary = {
        out: options.out,
        parallelism: options.parallelism,
        scripts: built.scripts.map((s) => ({
          workload: s.workload,
          file: `scripts/${s.file}`,
          model: s.model.kind,
          levelLabel: s.levelLabel,
          levels: s.levels,
          durationSeconds: s.durationSeconds,
          testRun: { name: testRunName(s.workload), file: `k8s/testrun-${s.workload}.yaml` },
        })),
        notExported: built.notExported,
        files: built.files.map((f) => f.path),
      };
      writeLine(out.stdout, JSON.stringify(summary, null, 2));
    }
    return ExitCode.ok;
  },
};
