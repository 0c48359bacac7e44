/**
 * Builds a run's cells from its planned cells: the constructors of src/results/cells.ts, given the
 * planned cell's identity and, for a completed trial, the workload's measurement and the server's usage.
 */
import {
  completedCell as completed,
  erroredCell as errored,
  round,
  skippedCell as skipped,
  type CellIdentity,
  type MeasuredBeforeError,
} from '../results/cells.js';
import type { CompletedCell, ErroredCell, SkippedCell, SkipReason } from '../results/schema.js';
import type { Measurement } from '../workloads/index.js';
import type { PlannedCell } from './planned.js';

function identity(planned: PlannedCell): CellIdentity {
  return {
    server: planned.server.name,
    runtime: planned.server.runtime,
    variant: planned.server.variant,
    workload: planned.workload.name,
    parameters: planned.parameters,
    connections: planned.connections,
    round: planned.round,
    position: planned.position,
    block: planned.block,
    aa: planned.aa,
  };
}

export function skippedCell(planned: PlannedCell, reason: SkipReason): SkippedCell {
  return skipped(identity(planned), reason);
}

export function erroredCell(
  planned: PlannedCell,
  reason: string,
  logTail: string[],
  measured?: MeasuredBeforeError & { startedAt?: string },
): ErroredCell {
  return errored(identity(planned), reason, logTail, measured);
}

export interface ServerUsage {
  cpuPercent: number;
  peakRssMb: number;
}

export function completedCell(
  planned: PlannedCell,
  startedAt: string,
  measurement: Measurement,
  usage: ServerUsage,
  queriesPerRequest: number | null,
): CompletedCell {
  return completed(identity(planned), startedAt, {
    durationSeconds: measurement.durationSeconds,
    requests: measurement.requests,
    requestsPerSecond: measurement.requestsPerSecond,
    latencyMs: measurement.latencyMs,
    errors: measurement.errors,
    timeouts: measurement.timeouts,
    non2xx: measurement.non2xx,
    serverCpuPercent: round(usage.cpuPercent, 1),
    serverRssMb: round(usage.peakRssMb, 1),
    generatorCpuPercent: measurement.generatorCpuPercent === null ? null : round(measurement.generatorCpuPercent, 1),
    queriesPerRequest: queriesPerRequest === null ? null : round(queriesPerRequest, 4),
    metrics: measurement.metrics ?? {},
  });
}
