import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests that assert a relation between two timings (one load generator against another): they run
 * after every other test file, alone, so that no other file's servers and generators share their
 * two cores. Run beside the others, a single driver's req/s moved by up to half from one second to
 * the next, and that noise, not the drivers, decided the comparison.
 */
const MEASUREMENT_TESTS = ['test/load/closed-fidelity.test.ts'];
/** The schemathesis runs: npm run test:fuzz (test/fuzz/vitest.config.ts), after npm test in CI. */
const FUZZ_TESTS = ['test/fuzz/**'];

export default defineConfig({
  test: {
    // Tests start real PostgreSQL servers and HTTP servers; forks isolate their signal handlers.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'verdict', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...MEASUREMENT_TESTS, ...FUZZ_TESTS], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'measurement', include: MEASUREMENT_TESTS, sequence: { groupOrder: 1 } } },
    ],
  },
});
