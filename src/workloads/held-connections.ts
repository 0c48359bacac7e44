/** Shared by the held-connection workloads (websocket, sse). */
import { holdingProblem } from '../load/held-connections.js';
import type { RunningServer } from '../servers/process.js';
import { CellSkipped } from './types.js';

/**
 * A level the machine cannot hold (too few open files for the server or for the load generator,
 * which has the same limits as this process, or too few local ports) is a skipped cell that says
 * why and how to fix it, not a run that fails with EMFILE halfway.
 */
export function heldConnectionsCheck(server: RunningServer, connections: number): void {
  const problem = holdingProblem(server.pid, connections);
  if (problem) throw new CellSkipped(`not measured: ${problem}`);
}
