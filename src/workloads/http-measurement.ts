import type { GeneratorRun, HttpLoadResult, PathSpec } from '../load/index.js';
import type { MetricValues } from '../results/metrics.js';
import type { CellContext, Measurement } from './types.js';

/** A closed- or open-model HTTP run as a cell measurement. */
export function httpMeasurement(
  result: HttpLoadResult,
  generatorCpuPercent: number,
  metrics: MetricValues = {},
): Measurement {
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
    // Requests still waiting for an answer when the cell ended: in a closed model about one per
    // connection; many more, or all of them, mean the server's latency outlasts the cell.
    metrics: {
      unfinishedRequests: Math.max(0, result.sent - result.responses - result.errors - result.timeouts),
      ...metrics,
    },
  };
}

/** Closed-model load on one path of the cell's server, at the cell's connections and duration. */
export function closedHttpLoad(context: CellContext, path: PathSpec): Promise<GeneratorRun<HttpLoadResult>> {
  return context.http.run<HttpLoadResult>({
    kind: 'closed-http',
    baseUrl: context.server.url,
    path,
    connections: context.connections,
    durationSeconds: context.durationSeconds,
    timeoutSeconds: context.timeoutSeconds,
  });
}

/** The common case: closed-model load on a path, as the cell's measurement. */
export async function measureClosedHttp(context: CellContext, path: PathSpec): Promise<Measurement> {
  const { result, generatorCpuPercent } = await closedHttpLoad(context, path);
  return httpMeasurement(result, generatorCpuPercent);
}
