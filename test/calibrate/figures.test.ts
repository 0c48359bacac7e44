/**
 * The calibration's figures and text without any process: ceilings (req/s per generator core),
 * fidelity against wrk paired by round, the ceiling a cell is held to, the warning for a cell that
 * came within 70% of it, and the exact text `verdict calibrate` and the reports print.
 */
import { describe, expect, it } from 'vitest';
import { ceilingFor, computeCeilings, computeFidelity, fidelityVerdict } from '../../src/calibrate/figures.js';
import { calibrationRows, renderCalibration } from '../../src/calibrate/render.js';
import { summarise } from '../../src/calibrate/for-bench.js';
import { renderContext } from '../../src/report/bench-summary.js';
import { renderHtmlReport } from '../../src/report/html/page.js';
import { renderMarkdownReport } from '../../src/report/markdown.js';
import { buildReport } from '../../src/report/report-model.js';
import { collectWarnings } from '../../src/report/warnings.js';
import { calibrationSchema, type Calibration, type CalibrationTrial } from '../../src/results/calibration-schema.js';
import { buildCell, buildResults } from '../support/results-builder.js';

const trial = (
  driver: CalibrationTrial['driver'],
  connections: number,
  round: number,
  requestsPerSecond: number,
  generatorCpuPercent: number,
): CalibrationTrial => ({
  driver,
  connections,
  round,
  position: 1,
  durationSeconds: 2,
  requests: Math.round(requestsPerSecond * 2),
  requestsPerSecond,
  errors: 0,
  timeouts: 0,
  non2xx: 0,
  latencyP50Ms: 1,
  latencyP99Ms: 3,
  generatorCpuPercent,
  generatorCpuUsPerRequest: (generatorCpuPercent / 100 / requestsPerSecond) * 1e6,
  generatorCoreBusyPercent: generatorCpuPercent + 5,
  targetCpuPercent: 90,
});

// wrk drives 40,000 req/s at 40% of its core (100,000 per core); lean 38,000 at 76% (50,000 per
// core), then 36,000 at 90% (40,000 per core, saturated); lean reads 0.95, 0.9 and 0.95 of wrk.
const trials: CalibrationTrial[] = [
  trial('wrk', 100, 1, 40_000, 40),
  trial('lean', 100, 1, 38_000, 76),
  trial('wrk', 100, 2, 40_000, 40),
  trial('lean', 100, 2, 36_000, 72),
  trial('wrk', 100, 3, 40_000, 40),
  trial('lean', 100, 3, 38_000, 76),
  trial('wrk', 1000, 1, 30_000, 40),
  trial('lean', 1000, 1, 27_000, 90),
  trial('wrk', 1000, 2, 30_000, 40),
  trial('lean', 1000, 2, 27_000, 90),
];

const calibration: Calibration = calibrationSchema.parse({
  schema: 'verdict-calibration',
  version: 1,
  id: 'calibrate-test',
  tool: { name: 'verdict', version: '0.1.0' },
  createdAt: '2026-12-01T09:00:00.000Z',
  environment: {
    cpuModel: 'Test CPU',
    cores: 2,
    os: 'Debian',
    kernel: '6.1',
    node: '20.20.0',
    targetCpus: '0',
    generatorCpus: '1',
    generatorCores: 1,
    drivers: { wrk: '4.1.0', lean: 'verdict 0.1.0' },
  },
  target: { kind: 'no-work', name: 'no-work', path: '/value?i=1', description: 'test' },
  plan: {
    drivers: ['wrk', 'lean'],
    levels: [100, 1000],
    rounds: 3,
    durationSeconds: 2,
    warmupSeconds: 1,
    seed: 7,
    timeoutSeconds: 8,
  },
  defaultDriver: 'wrk',
  trials,
  ceilings: computeCeilings(trials, 1),
  fidelity: computeFidelity(trials, 0.95),
});

describe('calibration figures', () => {
  it('gives each driver and level its req/s per generator core, saturated when the generator filled its core', () => {
    expect(
      calibration.ceilings.map((c) => [c.driver, c.connections, Math.round(c.requestsPerCoreSecond), c.saturated]),
    ).toEqual([
      ['lean', 100, 50_000, false],
      ['lean', 1000, 30_000, true],
      ['wrk', 100, 100_000, false],
      ['wrk', 1000, 75_000, false],
    ]);
    expect(calibration.ceilings[0]!.generatorCpuUsPerRequest).toBeCloseTo(20, 5);
  });

  it("pairs each driver's req/s with wrk's in the same round", () => {
    const [at100, at1000] = calibration.fidelity;
    expect(at100).toMatchObject({ driver: 'lean', reference: 'wrk', connections: 100, rounds: 3 });
    expect(at100!.ratios.map((r) => +r.toFixed(3))).toEqual([0.95, 0.9, 0.95]);
    expect(at100!.ratio).toBeCloseTo(Math.cbrt(0.95 * 0.9 * 0.95), 6);
    expect(at100!.low).toBeLessThan(at100!.ratio);
    expect(at100!.high).toBeGreaterThan(at100!.ratio);
    // Two identical ratios: a zero-width interval at 0.9, wholly at the edge of the band.
    expect(at1000).toMatchObject({ connections: 1000, ratio: 0.9, verdict: 'agrees' });
  });

  it('says agrees, reads low, reads high or inconclusive from where the interval lies against ±10%', () => {
    expect(fidelityVerdict(0.95, 1.04)).toBe('agrees');
    expect(fidelityVerdict(0.7, 0.85)).toBe('reads-low');
    expect(fidelityVerdict(1.15, 1.3)).toBe('reads-high');
    expect(fidelityVerdict(0.85, 1.02)).toBe('inconclusive');
  });

  it("holds a cell to its driver's ceiling at the nearest measured level, times the generator's cores", () => {
    expect(ceilingFor(calibration, 'lean', 100)?.requestsPerSecond).toBeCloseTo(50_000, 0);
    expect(ceilingFor(calibration, 'lean', 250)?.ceiling.connections).toBe(100);
    expect(ceilingFor(calibration, 'lean', 400)?.ceiling.connections).toBe(1000);
    expect(
      ceilingFor({ ...calibration, environment: { ...calibration.environment, generatorCores: 2 } }, 'wrk', 10)
        ?.requestsPerSecond,
    ).toBeCloseTo(200_000, 0);
    expect(ceilingFor(calibration, 'autocannon', 100)).toBeUndefined();
    expect(ceilingFor(calibration, 'open-model', 100)).toBeUndefined();
  });
});

describe('the near-ceiling warning', () => {
  const results = (rps: number, driver: 'lean' | 'open-model' = 'lean') =>
    buildResults([{ ...buildCell({ server: 'node-fastify', connections: 100, rps }), driver }], {
      calibration: summarise(calibration, 'file', 'results/calibration/calibrate-test.json'),
    });

  it('flags a cell whose req/s reached 70% of its driver ceiling, and names the remedy', () => {
    const warning = collectWarnings(results(36_000)).find((w) => w.kind === 'near-generator-ceiling');
    expect(warning).toEqual({
      kind: 'near-generator-ceiling',
      server: 'node-fastify',
      workload: 'users',
      connections: 100,
      message:
        'node-fastify users at 100 connections: 36,000 req/s is 72% of what the load generator can drive here ' +
        '(lean: 50,000 req/s on 1 core at 100 connections), so the generator may have limited it',
      remedy: 'use --driver wrk (the lightest; verdict setup installs it), or give the load generator more cores',
    });
  });

  it('says nothing below 70%, for a driver the calibration did not measure, or without a calibration', () => {
    expect(collectWarnings(results(34_000)).some((w) => w.kind === 'near-generator-ceiling')).toBe(false);
    expect(collectWarnings(results(36_000, 'open-model')).some((w) => w.kind === 'near-generator-ceiling')).toBe(false);
    expect(
      collectWarnings(
        buildResults([{ ...buildCell({ server: 'node-fastify', connections: 100, rps: 36_000 }), driver: 'lean' }]),
      ).some((w) => w.kind === 'near-generator-ceiling'),
    ).toBe(false);
  });
});

describe('calibration text', () => {
  it('prints the ceiling table, the fidelity and the default driver', () => {
    expect(renderCalibration(calibration, false)).toBe(
      [
        'Generator ceiling against a server that does no work',
        'Test CPU, 2 cores; generator on CPU 1 (1 core), target on CPU 0; 3 interleaved rounds of 2 s per ' +
          'driver and level; seed 7',
        '',
        '  driver  connections  req/s per generator core  req/s achieved  generator CPU  CPU per request  reached',
        '  lean            100                    50,000          38,000            76%          20.0 µs  extrapolated',
        '  lean           1000                    30,000          27,000            90%          33.3 µs  yes',
        '  wrk             100                   100,000          40,000            40%          10.0 µs  extrapolated',
        '  wrk            1000                    75,000          30,000            40%          13.3 µs  extrapolated',
        "  req/s per generator core: each round's req/s over the CPU the generator used, median of the rounds; " +
          '"extrapolated" when the',
        '  generator did not fill its CPU (the target was the limit): a conservative figure, since CPU per ' +
          'request falls as load rises.',
        '',
        "Fidelity against wrk: req/s over wrk's in the same round, 95% interval",
        '  driver  connections  ratio to wrk',
        `  lean            100  0.93× [${calibration.fidelity[0]!.low.toFixed(2)}, ` +
          `${calibration.fidelity[0]!.high.toFixed(2)}], not decided at ±10% (more rounds would decide)`,
        '  lean           1000  0.90× [0.90, 0.90], agrees within ±10%',
        '  Against a server that does no work, few connections keep neither side busy: the req/s then measure ' +
          "each generator's own",
        '  turnaround (lean writes the next request in the callback that read the response, wrk on its next ' +
          'event-loop turn), not',
        '  a server. For the fidelity on a server verdict measures, run verdict calibrate --server node-fastify.',
        '',
        'Default driver here: wrk. verdict bench carries this calibration into its results and flags a cell ' +
          "whose req/s reached 70% of its driver's ceiling.",
        '',
      ].join('\n'),
    );
  });

  it("gives the reports a ceiling line for the run's driver and a fidelity line", () => {
    expect(calibrationRows(summarise(calibration, 'file', 'x.json'), 'wrk')).toEqual([
      [
        'generator ceiling',
        'wrk: 100,000 req/s per core at 100, 75,000 req/s per core at 1,000 connections; 1 generator core; ' +
          'against a server that does no work (verdict calibrate, 2026-12-01); a cell at 70% of it is flagged',
      ],
      [
        'generator fidelity',
        `lean vs wrk: 0.93× [${calibration.fidelity[0]!.low.toFixed(2)}, ` +
          `${calibration.fidelity[0]!.high.toFixed(2)}], not decided at ±10% (more rounds would decide) at 100; ` +
          `0.90× [0.90, 0.90], agrees within ±10% at 1,000`,
      ],
    ]);
    expect(
      calibrationRows(
        { ...summarise(calibration, 'bench', null), plan: { ...calibration.plan, durationSeconds: 1 } },
        'autocannon',
      ),
    ).toEqual([
      [
        'generator ceiling',
        'not measured for autocannon (a 1 s check by this bench; run verdict calibrate for a fuller one)',
      ],
      expect.any(Array),
    ]);
  });
});

describe('the reports of a run that carries a calibration', () => {
  const results = buildResults(
    [{ ...buildCell({ server: 'node-fastify', connections: 100, rps: 36_000 }), driver: 'lean' }],
    {
      calibration: summarise(calibration, 'file', 'results/calibration/calibrate-test.json'),
      environment: {
        ...buildResults([buildCell({ server: 'node-fastify', connections: 100 })]).environment,
        loadGenerator: { driver: 'lean', version: 'verdict 0.1.0' },
      },
    },
  );

  it('show the generator ceiling and the flagged cell in the terminal, Markdown and HTML', () => {
    expect(renderContext(results)).toContain(
      'generator ceiling: lean: 50,000 req/s per core at 100, 30,000 req/s per core at 1,000 connections; 1 ' +
        'generator core',
    );
    const markdown = renderMarkdownReport(buildReport(results));
    expect(markdown).toContain('| generator ceiling | lean: 50,000 req/s per core at 100');
    expect(markdown).toContain('| generator fidelity | lean vs wrk:');
    expect(markdown).toContain('36,000 req/s is 72% of what the load generator can drive here');
    const html = renderHtmlReport(buildReport(results));
    expect(html).toContain('<th scope="row">generator ceiling</th><td>lean: 50,000 req/s per core at 100');
    expect(html).toContain('36,000 req/s is 72% of what the load generator can drive here');
  });
});
