/**
 * The autocannon closed-model driver (--driver autocannon): autocannon used as a library. Latency
 * is recorded from its per-response events into our own microsecond histogram; counts come from
 * autocannon's result. It was the default until it read about 20% below wrk on the fastest server
 * (its CPU per request made the generator part of what was measured); wrk and the lean driver
 * (lean-closed.ts) replaced it.
 */
import autocannon from 'autocannon';
import { createLatencyRecorder } from './histogram.js';
import type { ClosedHttpJob, HttpLoadResult, PathSpec, RunningLoad } from './types.js';

function requestsFor(path: PathSpec): autocannon.Request[] | undefined {
  if (path.kind === 'fixed') return undefined;
  const span = path.max - path.min + 1;
  return [
    {
      setupRequest: (request: autocannon.Request) => {
        request.path = path.template.replace('{id}', String(path.min + Math.floor(Math.random() * span)));
        return request;
      },
    },
  ];
}

export function runAutocannon(job: ClosedHttpJob): RunningLoad<HttpLoadResult> {
  const latency = createLatencyRecorder();
  const requests = requestsFor(job.path);
  let finish: (result: HttpLoadResult) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const done = new Promise<HttpLoadResult>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const options: autocannon.Options = {
    url: `${job.baseUrl}${job.path.kind === 'fixed' ? job.path.path : ''}`,
    connections: job.connections,
    duration: job.durationSeconds,
    timeout: job.timeoutSeconds,
    pipelining: 1,
    // autocannon stops at the first sample tick after the duration; a short tick keeps the
    // measured window close to the requested one.
    sampleInt: 250,
    ...(requests ? { requests } : {}),
  };
  const instance = autocannon(options, (error, result) => {
    if (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const statusCounts: Record<string, number> = {};
    for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
      statusCounts[code] = (stat as { count: number }).count;
    finish({
      responses: result.requests.total,
      sent: result.requests.sent,
      durationSeconds: result.duration,
      // autocannon counts timeouts among its errors; keep them apart, as autocannon prints them.
      errors: result.errors - result.timeouts,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      statusCounts,
      latencyMs: latency.summary(),
    });
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
    latency.recordMs(responseTimeMs);
  });
  return { done, stop: () => instance.stop() };
}
