import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two projects (issue 16). `unit`: tests that need nothing but this process: no PostgreSQL, no
 * server under test, no verdict web server, no browser and no child process, directly or through
 * the code they call (a loopback socket to a stub the test itself starts in-process is fine).
 * `npm run test:unit` runs them, under 30 s on a quiet two-core machine. `integration`: every
 * other test file (a load generator run against an in-process stub for seconds included), so a
 * new file is an integration test until it is listed here. `npm test` runs unit, then integration.
 */
const UNIT_TESTS = [
  'test/commands/bench-options.test.ts',
  'test/bench/planned.test.ts',
  'test/measure/stats.test.ts',
  'test/calibrate/figures.test.ts',
  'test/claims/catalogue.test.ts',
  'test/claims/evaluate.test.ts',
  'test/claims/evaluate.references.test.ts',
  'test/decide/adr.test.ts',
  'test/commands/decide.test.ts',
  'test/decide/costs.test.ts',
  'test/decide/engine.test.ts',
  'test/decide/evidence-file.test.ts',
  'test/decide/evidence.test.ts',
  'test/decide/profile.test.ts',
  'test/decide/render-terminal.test.ts',
  'test/decide/evidence.report-agreement.test.ts',
  'test/decide/rules.test.ts',
  'test/load/lean-http-client.test.ts',
  'test/load/tracking.test.ts',
  'test/measure/paired.test.ts',
  'test/measure/rule.simulation.test.ts',
  'test/profile/stacks.test.ts',
  'test/report/html/profiles.test.ts',
  'test/report/bench-summary.test.ts',
  'test/report/claims-table.test.ts',
  'test/report/compare.test.ts',
  'test/report/escape.test.ts',
  'test/report/framework-cost.test.ts',
  'test/report/html/page.test.ts',
  'test/report/markdown.test.ts',
  'test/report/report-model.quick-run.test.ts',
  'test/report/workload-columns.test.ts',
  'test/results/limits.test.ts',
  'test/results/pairs.test.ts',
  'test/results/store.test.ts',
  'test/results/workload-facts.test.ts',
  'test/structure/folders.test.ts',
  'test/util/lifecycle.test.ts',
  'test/bench/progress.test.ts',
  'test/workloads/compute.plan.test.ts',
  'test/workloads/compute-reference.test.ts',
  'test/report/bench-summary.compute.test.ts',
  'test/workloads/open-model.test.ts',
  'test/bench/planned.budget.test.ts',
  'test/report/warnings.test.ts',
  'test/load/sse-client.test.ts',
  'test/workloads/websocket.plan.test.ts',
];
/**
 * Tests that assert a relation between two timings (one load generator against another): part of
 * integration, but they run after every other test file, alone, so that no other file's servers
 * and generators share their two cores. Run beside the others, a single driver's req/s moved by up
 * to half from one second to the next, and that noise, not the drivers, decided the comparison.
 */
const MEASUREMENT_TESTS = ['test/load/lean-closed.fidelity.test.ts'];
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
      // Unit test files share one module registry (isolate: false): they start nothing and leave
      // no state another file reads, and importing src/ once per worker instead of once per file
      // is what keeps the project under 30 s on two cores (three times faster, measured on one).
      {
        extends: true,
        test: {
          name: 'unit',
          include: UNIT_TESTS,
          isolate: false,
          setupFiles: ['test/support/unit-guard.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT_TESTS, ...MEASUREMENT_TESTS, ...FUZZ_TESTS],
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: { name: 'integration-measurement', include: MEASUREMENT_TESTS, sequence: { groupOrder: 2 } },
      },
    ],
  },
});
