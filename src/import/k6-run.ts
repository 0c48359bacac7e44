/**
 * The runners' merged tallies as an imported run: each server's runtime and variant settled,
 * cells in a stable order, and every sample that could not be placed said out loud.
 */
import { UsageError } from '../core/errors.js';
import type { Cell } from '../results/schema.js';
import type { ServerManifest } from '../servers/manifest.js';
import type { CellTally } from './cell-tally.js';
import { cellFromTally, orderCells } from './cells.js';
import type { ImportedRun, ImportedServer } from './document.js';
import type { K6Import } from './k6.js';
import { resolveServer, strayRuntimeNames } from './servers.js';

/** A tally that saw requests (not only checks): only those become cells. */
const sawRequests = (t: CellTally) => t.responses + t.errors + t.timeouts > 0;

export function k6Run(
  imported: K6Import,
  runtimes: Map<string, Cell['runtime']>,
  manifests: readonly ServerManifest[],
  engineVersionFlag: string | undefined,
): { run: ImportedRun; warnings: string[] } {
  const warnings: string[] = [];
  const tallies = imported.tallies.filter(sawRequests);
  if (tallies.length === 0) {
    throw new UsageError(
      `no http_req_duration samples in ${imported.files.map((f) => f.path).join(', ')}`,
      'pass the files k6 wrote with --out json=FILE for a script that sends HTTP requests',
    );
  }
  const names = [...new Set(tallies.map((t) => t.key.server))].sort();
  const stray = strayRuntimeNames(runtimes, names);
  if (stray.length > 0)
    throw new UsageError(
      `--runtime names ${stray.join(', ')}, which no sample's server tag (or --server) names`,
      `the servers in these files are ${names.join(', ')}`,
    );

  const servers: ImportedServer[] = names.map((name) => {
    const own = tallies.filter((t) => t.key.server === name);
    const { runtime, variant } = resolveServer(
      { name, runtimeTag: own.find((t) => t.runtimeTag !== undefined)?.runtimeTag },
      runtimes,
      manifests,
    );
    return { name, runtime, variant, origin: own.find((t) => t.origin !== undefined)?.origin };
  });
  const byName = new Map(servers.map((s) => [s.name, s]));
  const unordered = tallies.map((t) => ({
    tally: t,
    workload: t.key.workload,
    connections: t.key.level,
    server: t.key.server,
  }));
  const positions = new Map<string, number>();
  const cells = orderCells(unordered).map(({ tally }) => {
    const block = `${tally.key.workload}@${tally.key.level}`;
    const position = (positions.get(block) ?? 0) + 1;
    positions.set(block, position);
    return cellFromTally(tally, byName.get(tally.key.server)!, position);
  });

  const notes: string[] = [];
  const { passed, failed } = imported.unplacedChecks;
  if (passed + failed > 0) {
    const sentence =
      `${passed + failed} check results (${failed} failed) carry no server, workload and level tags, so they are ` +
      `counted in no cell: give check() the same tags as the requests`;
    notes.push(`Checks per cell: ${sentence}.`);
    warnings.push(sentence);
  }
  for (const file of imported.files) {
    if (file.cutLastLine)
      warnings.push(
        `${file.path}: its last line is cut off (${file.cutLastLine}) and was skipped: the runner stopped while ` +
          `writing it`,
      );
    if (file.samples === 0)
      warnings.push(
        `${file.path}: no http_req_duration, http_req_failed or checks samples; it still counts as a runner`,
      );
  }
  const version = imported.engineVersion ?? engineVersionFlag ?? 'unknown';
  if (imported.engineVersion && engineVersionFlag && imported.engineVersion !== engineVersionFlag) {
    warnings.push(
      `the samples' k6_version tag says ${imported.engineVersion}, --engine-version ${engineVersionFlag}: the ` +
        `tag is recorded`,
    );
  }
  return { run: { engine: 'k6', engineVersion: version, runners: imported.runners, servers, cells, notes }, warnings };
}
