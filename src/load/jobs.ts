/** Every job a load generator runs: the closed-model job (types.ts) and each other driver's own. */
import type { OpenHttpJob } from './open-model.js';
import type { SseJob } from './sse-driver.js';
import type { ClosedHttpJob, RunDriver } from './types.js';
import type { WebsocketJob } from './websocket-driver.js';

/**
 * Every job a generator can run. A new driver adds its job type here (defined in its own file)
 * and a case in drivers.ts.
 */
export type LoadJob = ClosedHttpJob | OpenHttpJob | WebsocketJob | SseJob;

/** The driver that runs a job in the Node generator process. */
export function nodeDriverOf(job: LoadJob): RunDriver {
  switch (job.kind) {
    case 'closed-http':
      return job.driver ?? 'autocannon';
    case 'open-http':
      return 'open-model';
    case 'websocket':
      return 'websocket';
    case 'sse':
      return 'sse';
  }
}
