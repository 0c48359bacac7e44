/** Shared by the held-connection workloads (websocket, sse). */
import { holdingProblem } from '../load/held-connections.js';
import { sampleGroup } from '../measure/proc.js';
import type { RunningServer } from '../servers/process.js';
import { CellSkipped } from './types.js';

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
    throw new CellSkipped(`not measured: ${server.manifest.name} runs ${processes} processes (--workers); its websocket room and event timer are per process, and sharing them across processes needs a broker (e.g. Redis pub/sub) that the servers do not have; run with --workers 1`);
  }
  const problem = holdingProblem(server.pid, connections);
  if (problem) throw new CellSkipped(`not measured: ${problem}`);
}
