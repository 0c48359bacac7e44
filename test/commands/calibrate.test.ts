/**
 * `verdict calibrate` end to end on this machine (a short plan: one level, two rounds of 1 s), the
 * file it writes, and how `verdict bench` picks its calibration up: the newest matching file, or a
 * short check of its own driver when there is none. Also the lean driver in two processes, whose
 * merged count must match what the no-work server answered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { cpuPlacement } from '../../src/machine/environment.js';
import { calibrationForBench, matchesRun } from '../../src/calibrate/for-bench.js';
import { calibrationFolder, readCalibrationSync } from '../../src/calibrate/store.js';
import { startDownstreamStub } from '../../src/load/downstream.js';
import { LeanGenerator } from '../../src/load/lean-generator.js';
import { NodeWorkerGenerator } from '../../src/load/node-generator.js';
import type { HttpLoadResult } from '../../src/load/index.js';
import { wrkPath } from '../../src/load/wrk-generator.js';
import { captureOutput } from '../support/capture.js';

const folder = mkdtempSync(join(tmpdir(), 'verdict-calibrate-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('verdict calibrate', () => {
  it.each([
    [['calibrate', '--server', 'rails'], "verdict: --server: unknown server 'rails'"],
    [['calibrate', '--drivers', 'ab'], 'verdict: --drivers: unknown ab'],
    [['calibrate', '--rows', '100'], 'verdict: --rows applies only with --server'],
    [['calibrate', '--rounds', '0'], 'verdict: --rounds must be a whole number from 1 to 100'],
  ])('%j fails with exit code 2 before starting anything', async (argv, message) => {
    const out = captureOutput({ cwd: folder });
    expect(await main(argv, out)).toBe(2);
    expect(out.text().stdout).toBe('');
    expect(out.text().stderr).toContain(message);
  });

  it('measures the ceiling and the fidelity against wrk, prints both and saves them', async () => {
    expect(wrkPath(), 'wrk is not installed: run npx verdict setup').toBeTruthy();
    const out = captureOutput({ cwd: folder });
    const code = await main(
      [
        'calibrate',
        '--drivers',
        'wrk,lean',
        '--levels',
        '10',
        '--rounds',
        '2',
        '--duration',
        '1s',
        '--warmup',
        '0',
        '--seed',
        '5',
      ],
      out,
    );
    const { stdout, stderr } = out.text();
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Generator ceiling against a server that does no work');
    expect(stdout).toMatch(/^ {2}lean +10 +[\d,]+ +[\d,]+ +\d+% +[\d.]+ µs +(yes|extrapolated)$/m);
    expect(stdout).toMatch(/^ {2}wrk +10 +[\d,]+ /m);
    expect(stdout).toMatch(/^ {2}lean +10 +\d\.\d\d× \[/m);
    expect(stdout).toContain('Default driver here: wrk.');
    const saved = /^calibration: (.+)$/m.exec(stderr)?.[1];
    expect(saved).toMatch(/^results\/calibration\/calibrate-\d{8}-\d{6}\.json$/);
    const calibration = readCalibrationSync(join(folder, saved!));
    expect(calibration.trials).toHaveLength(4);
    expect(calibration.trials.map((t) => `${t.round}:${t.driver}`).sort()).toEqual([
      '1:lean',
      '1:wrk',
      '2:lean',
      '2:wrk',
    ]);
    expect(calibration.ceilings.map((c) => c.driver)).toEqual(['lean', 'wrk']);
    expect(calibration.fidelity).toHaveLength(1);
    expect(calibration.environment).toMatchObject({
      generatorCores: 1,
      drivers: { wrk: expect.stringMatching(/^\d/), lean: expect.stringMatching(/^verdict /) },
    });
    // The newest matching file is what a bench with the same placement and driver picks up.
    const placement = cpuPlacement(true);
    expect(
      matchesRun(calibration, {
        driver: 'lean',
        placement,
        cpuModel: calibration.environment.cpuModel,
        cores: calibration.environment.cores,
        driverVersion: calibration.environment.drivers.lean!,
      }),
    ).toBe(true);
    expect(
      matchesRun(calibration, {
        driver: 'autocannon',
        placement,
        cpuModel: calibration.environment.cpuModel,
        cores: calibration.environment.cores,
        driverVersion: '9.0.0',
      }),
    ).toBe(false);
    expect(
      matchesRun(calibration, {
        driver: 'lean',
        placement: { ...placement, generator: '3' },
        cpuModel: calibration.environment.cpuModel,
        cores: calibration.environment.cores,
        driverVersion: calibration.environment.drivers.lean!,
      }),
    ).toBe(false);
  }, 60_000);
});

// The first test below reads the calibration file the test above wrote (tests in a file run in order).
describe('the calibration verdict bench carries', () => {
  it('is the newest matching calibration file when there is one, and a short check of its own driver when there is ' +
    'none', async () => {
    const placement = cpuPlacement(true);
    const node = await NodeWorkerGenerator.start(placement.generator ?? undefined);
    try {
      const lean = await LeanGenerator.start(node, placement.generator ?? undefined);
      const logged: string[] = [];
      const fromFile = await calibrationForBench({
        resultsFolder: join(folder, 'results'),
        driver: 'lean',
        levels: [10, 100],
        placement,
        http: lean,
        toolVersion: '0.1.0',
        log: (l) => logged.push(l),
      });
      expect(fromFile).toMatchObject({
        source: 'file',
        file: expect.stringContaining(calibrationFolder(join(folder, 'results'))),
      });
      const own = await calibrationForBench({
        resultsFolder: join(folder, 'nothing-here'),
        driver: 'lean',
        levels: [10, 100],
        placement,
        http: lean,
        toolVersion: '0.1.0',
        log: (l) => logged.push(l),
      });
      expect(own).toMatchObject({
        source: 'bench',
        file: null,
        fidelity: [],
        plan: { drivers: ['lean'], levels: [10, 100], rounds: 1, durationSeconds: 1 },
      });
      expect(own!.ceilings.map((c) => [c.driver, c.connections])).toEqual([
        ['lean', 10],
        ['lean', 100],
      ]);
      expect(own!.ceilings.every((c) => c.requestsPerCoreSecond > 0)).toBe(true);
      expect(logged.some((l) => l.startsWith('no calibration of this machine for lean: measuring its ceiling'))).toBe(
        true,
      );
    } finally {
      await node.close();
    }
  }, 60_000);

  it('runs the lean driver in two processes and counts every response the server gave once', async () => {
    const stub = await startDownstreamStub({ delayMs: 0 });
    const node = await NodeWorkerGenerator.start();
    try {
      const lean = await LeanGenerator.start(node, undefined, 2);
      expect(lean.processCount).toBe(2);
      const before = await stub.answered();
      const run = await lean.run<HttpLoadResult>({
        kind: 'closed-http',
        baseUrl: stub.url,
        path: { kind: 'fixed', path: '/value?i=1' },
        connections: 9,
        durationSeconds: 1,
        timeoutSeconds: 5,
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const answered = (await stub.answered()) - before;
      // Responses still on their way when a process stopped were answered but not counted: at most one per connection.
      expect(run.result.responses).toBeLessThanOrEqual(answered);
      expect(run.result.responses).toBeGreaterThanOrEqual(answered - 9);
      expect(run.result.sent).toBeGreaterThanOrEqual(run.result.responses);
      expect(run.result.latencyMs!.p50).toBeGreaterThan(0);
      expect(run).toMatchObject({ driver: 'lean', generatorCpuSeconds: expect.any(Number) });
      expect(run.generatorCpuSeconds).toBeGreaterThan(0);
      await lean.close();
    } finally {
      await node.close();
      await stub.stop();
    }
  }, 30_000);
});
