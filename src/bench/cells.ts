/** Builds result cells: completed from a measurement, errored or skipped with a reason. */
import type { Cell } from '../results/schema.js';
import type { Measurement } from '../workloads/index.js';
import type { PlannedCell } from './planned.js';

function identity(planned: PlannedCell) {
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

const nothingMeasured = {
  durationSeconds: 0,
  requests: 0,
  requestsPerSecond: null,
  latencyMs: null,
  errors: 0,
  timeouts: 0,
  non2xx: 0,
  serverCpuPercent: null,
  serverRssMb: null,
  generatorCpuPercent: null,
  queriesPerRequest: null,
  metrics: {},
};

export function skippedCell(planned: PlannedCell, reason: string): Cell {
  return { ...identity(planned), outcome: 'skipped', reason, logTail: [], startedAt: new Date().toISOString(), ...nothingMeasured };
}

export function erroredCell(planned: PlannedCell, reason: string, logTail: string[], measured?: Partial<Cell>): Cell {
  return { ...identity(planned), ...nothingMeasured, ...measured, outcome: 'errored', reason, logTail, startedAt: measured?.startedAt ?? new Date().toISOString() };
}

export interface ServerUsage {
  cpuPercent: number;
  peakRssMb: number;
}

export function completedCell(planned: PlannedCell, startedAt: string, measurement: Measurement, usage: ServerUsage, queriesPerRequest: number | null): Cell {
  return {
    ...identity(planned),
    outcome: 'completed',
    reason: null,
    logTail: [],
    startedAt,
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
  };
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
