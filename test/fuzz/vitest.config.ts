/**
 * `npm run test:fuzz`: schemathesis against the servers' OpenAPI documents (openapi.test.ts), on
 * its own after `npm test` in CI (.ci/run). Apart from the main suite because it is long (about
 * three minutes) and wants the machine to itself: on a shared 2-core machine a server starved by
 * other test files would time out requests, and a timeout is counted as an error.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'fuzz',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/fuzz/**/*.test.ts'],
    // Servers and schemathesis run as processes; forks isolate their signal handlers, and one
    // file at a time keeps the runs from sharing the two cores.
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 200_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
