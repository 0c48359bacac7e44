/**
 * The load generator process. verdict runs it apart from itself so it can be pinned to its own
 * CPU and its CPU use measured on its own. It takes jobs over IPC and answers with results.
 */
import { startDriver } from './drivers.js';
import type { LoadJob } from './jobs.js';
import type { RunningLoad } from './types.js';

type Message = { type: 'run'; id: number; job: LoadJob } | { type: 'stop' };

let current: RunningLoad<unknown> | undefined;

process.on('message', (message: Message) => {
  if (message.type === 'stop') {
    current?.stop();
    return;
  }
  const running = startDriver(message.job);
  current = running;
  running.done
    .then(
      (result) => process.send?.({ type: 'result', id: message.id, result }),
      (error: unknown) =>
        process.send?.({
          type: 'error',
          id: message.id,
          message: error instanceof Error ? error.message : String(error),
        }),
    )
    .finally(() => {
      if (current === running) current = undefined;
    });
});

// If verdict goes away, so does its load generator.
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
