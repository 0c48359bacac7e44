/** The drivers a generator process can run, by job kind. */
import { runAutocannon } from './autocannon-driver.js';
import { runOpenModel } from './open-model.js';
import type { LoadJob, RunningLoad } from './types.js';

export function startDriver(job: LoadJob): RunningLoad<unknown> {
  switch (job.kind) {
    case 'closed-http':
      return runAutocannon(job);
    case 'open-http':
      return runOpenModel(job);
  }
}
