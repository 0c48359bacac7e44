/**
 * An imported cell in verdict's shape. An import is one trial per cell (round 1): a comparison
 * then has one ratio and no interval, and the readers say so (inconclusive, "not compared")
 * rather than invent a spread. Servers measured at the same workload and level share a block, as
 * they shared the run.
 */
import { completedCell, erroredCell, type CellIdentity } from '../results/cells.js';
import type { Cell } from '../results/schema.js';
import type { MetricName } from '../results/metrics.js';
import { latencyOf, ratePerSecond, spanSeconds, type CellTally } from './cell-tally.js';

/** The block `verdict bench` records for a cell without parameters: the workload at its level. */
export const blockOf = (workload: string, level: number) => `${workload}@${level}`;

/** Workload-specific figures an import adds to a cell, each a count (registered in src/results/metrics.ts). */
export const IMPORT_METRICS = {
  /** Requests k6 counted as failed (http_req_failed: a status of 400 or more, or no response). */
  failedRequests: 'failedRequests',
  checksPassed: 'checksPassed',
  checksFailed: 'checksFailed',
  /** Runner files with samples in this cell. */
  runners: 'runners',
} as const satisfies Record<string, MetricName>;

export function cellFromTally(
  tally: CellTally,
  server: { runtime: Cell['runtime']; variant: Cell['variant'] },
  position: number,
): Cell {
  const identity: CellIdentity = {
    server: tally.key.server,
    runtime: server.runtime,
    variant: server.variant,
    workload: tally.key.workload,
    parameters: {},
    connections: tally.key.level,
    round: 1,
    position,
    block: blockOf(tally.key.workload, tally.key.level),
    aa: false,
  };
  const startedAt = new Date(Number.isFinite(tally.firstUs) ? tally.firstUs / 1000 : 0).toISOString();
  // What k6 counted, whether or not a response arrived: a run with none is errored, with its counts.
  const counted = {
    durationSeconds: spanSeconds(tally),
    requests: tally.responses,
    errors: tally.errors,
    timeouts: tally.timeouts,
    non2xx: tally.non2xx,
    driver: 'k6' as const,
    metrics: {
      [IMPORT_METRICS.failedRequests]: tally.failed,
      [IMPORT_METRICS.checksPassed]: tally.checksPassed,
      [IMPORT_METRICS.checksFailed]: tally.checksFailed,
      [IMPORT_METRICS.runners]: tally.runners.size,
    },
  };
  if (tally.responses === 0) {
    return erroredCell(
      identity,
      `no response arrived: ${tally.errors} requests failed to connect or were reset, ${tally.timeouts} timed out`,
      [],
      { startedAt, ...counted },
    );
  }
  return completedCell(identity, startedAt, {
    ...counted,
    requestsPerSecond: ratePerSecond(tally),
    latencyMs: latencyOf(tally),
    serverCpuPercent: null,
    serverRssMb: null,
    generatorCpuPercent: null,
    generatorCpuUsPerRequest: null,
    queriesPerRequest: null,
  });
}

/** Cells in a stable order: workload, level, then server; positions count within each block. */
export function orderCells<T extends { workload: string; connections: number; server: string }>(cells: T[]): T[] {
  return [...cells].sort(
    (a, b) => a.workload.localeCompare(b.workload) || a.connections - b.connections || a.server.localeCompare(b.server),
  );
}
