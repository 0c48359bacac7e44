/** Shared by the held-connection workloads (websocket, sse). */
import { holdingProblem } from '../load/held-connections.js';
import { sampleGroup } from '../measure/proc.js';
import type { ServerManifest } from '../servers/manifest.js';
import type { RunningServer } from '../servers/process.js';
import { CellSkipped, type Workload } from './types.js';

/**
 * The plan both held-connection workloads share: one 2 s trial per level (the plan's 1 s in
 * --quick), each on a newly started server (memory that an earlier cell's connections left with
 * the allocator would be reused and hide the cost per connection), warmed up by the driver itself
 * on a few connections (a bench warm-up at the highest level would leave behind memory the cells
 * measure); no queries.
 */
export function heldConnectionsPlan(
  name: string,
): Pick<
  Workload,
  | 'defaultRounds'
  | 'defaultDurationSeconds'
  | 'warmup'
  | 'freshServer'
  | 'parameterSets'
  | 'appliesTo'
  | 'countsQueries'
  | 'writes'
> {
  return {
    defaultRounds: 1,
    defaultDurationSeconds: 2,
    warmup: false,
    freshServer: true,
    parameterSets: () => [{}],
    appliesTo: (manifest: ServerManifest) => manifest.workloads.includes(name),
    countsQueries: false,
    writes: false,
  };
}

/**
 * A cell that cannot be measured here is skipped with a reason that says why and how to fix it,
 * not run until it fails halfway:
 *
 * - a level the machine cannot hold: too few open files for the server or for the load
 *   generator (which has the same limits as this process), or too few local ports;
 * - a server running several processes (--workers): its chat room and its event timer live in
 *   each process, so a broadcast would reach only the connections of one of them and clients
 *   would see several event sequences. Sharing them needs a broker (Redis pub/sub, say), which
 *   neither server has and verdict does not run.
 */
export function heldConnectionsCheck(server: RunningServer, connections: number): void {
  const processes = sampleGroup(server.pid).length;
  if (processes > 1) {
    throw new CellSkipped(
      `not measured: ${server.manifest.name} runs ${processes} processes (--workers); its websocket room and ` +
        `event timer are per process, and sharing them across processes needs a broker (e.g. Redis pub/sub) that ` +
        `the servers do not have; run with --workers 1`,
    );
  }
  const problem = holdingProblem(server.pid, connections);
  if (problem) throw new CellSkipped(`not measured: ${problem}`);
}
