/** The drivers a generator process can run, by job kind. */
import { runAutocannon } from './autocannon-driver.js';
import { runLeanClosed } from './lean-closed.js';
import { runOpenModel } from './open-model.js';
import { runWebsocket } from './websocket-driver.js';
import { runSse } from './sse-driver.js';
import type { LoadJob } from './jobs.js';
import type { RunningLoad } from './types.js';

export function startDriver(job: LoadJob): RunningLoad<unknown> {
  switch (job.kind) {
    case 'closed-http':
      return job.driver === 'lean' ? runLeanClosed(job) : runAutocannon(job);
    case 'open-http':
      return runOpenModel(job);
    case 'websocket':
      return runWebsocket(job);
    case 'sse':
      return runSse(job);
  }
}
