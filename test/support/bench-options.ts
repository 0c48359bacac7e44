/** Bench options parsed as the command line would, over hand-made manifests (no servers folder). */
import { parseCommandLine } from '../../src/cli/args.js';
import type { BenchOptions } from '../../src/bench/options.js';
import { benchFlags, parseBenchOptions } from '../../src/commands/bench-options.js';
import type { ServerManifest } from '../../src/servers/manifest.js';

export const fakeManifest = (
  name: string,
  runtime: 'node' | 'python',
  variant: ServerManifest['variant'],
): ServerManifest => ({
  name,
  runtime,
  variant,
  description: name,
  start: { command: '{node}', args: [] },
  healthPath: '/health',
  responseShape: 'users-object',
  pool: null,
  libraries: [],
  workloads: ['users'],
  notes: {},
  dir: `/servers/${name}`,
});

/** `verdict bench <argv>` as parsed for these manifests, at a fixed time. */
export function benchParser(manifests: ServerManifest[]): (...argv: string[]) => BenchOptions {
  return (...argv) =>
    parseBenchOptions(
      { ...parseCommandLine({ name: 'bench', summary: '', flags: benchFlags, run: async () => 0 }, argv) },
      manifests,
      '/work',
      new Date('2026-11-26T10:20:30Z'),
    );
}
