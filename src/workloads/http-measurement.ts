import type { HttpLoadResult } from '../load/index.js';
import type { Measurement } from './types.js';

/** A closed- or open-model HTTP run as a cell measurement. */
export function httpMeasurement(result: HttpLoadResult, generatorCpuPercent: number, metrics: Record<string, number | null> = {}): Measurement {
  return {
    requests: result.responses,
    sent: result.sent,
    durationSeconds: result.durationSeconds,
    requestsPerSecond: result.durationSeconds > 0 ? result.responses / result.durationSeconds : null,
    latencyMs: result.latencyMs,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    generatorCpuPercent,
    metrics,
  };
}
