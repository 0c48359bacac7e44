import { describe, expect, it } from 'vitest';
import { benchParser, fakeManifest } from '../support/bench-options.js';
import { UsageError } from '../../src/core/errors.js';
import { main } from '../../src/cli.js';
import { AA_SERVER } from '../../src/bench/options.js';
import { benchFlags, parseBenchOptions } from '../../src/commands/bench-options.js';
import { estimateSeconds } from '../../src/bench/planned.js';
import { wrkPath } from '../../src/load/wrk-generator.js';
import { loadManifests } from '../../src/servers/manifest.js';
import { captureOutput } from '../support/capture.js';

const manifests = [
  fakeManifest('node-express-seed', 'node', 'seed'),
  fakeManifest('node-fastify', 'node', 'tuned'),
  fakeManifest('python-fastapi-seed', 'python', 'seed'),
];
const parse = benchParser(manifests);

describe('bench options', () => {
  it(
    'defaults to every server, the three levels, three interleaved rounds of 2 s, a 60 s budget for extra rounds, ' +
      'the A/A pair and wrk',
    () => {
      expect(wrkPath(), 'wrk is not installed: run npx verdict setup').toBeTruthy();
      const options = parse();
      expect(options.servers.map((s) => s.name)).toEqual(['node-express-seed', 'node-fastify', 'python-fastapi-seed']);
      expect(options.levels.users).toEqual([10, 100, 1000]);
      expect(options).toMatchObject({
        rounds: 3,
        roundsByWorkload: { users: 3 },
        durationSeconds: 2,
        warmupSeconds: 2,
        budgetSeconds: 60,
        workers: 1,
        driver: 'wrk',
        pin: true,
        rows: 10_000,
        json: false,
      });
      expect(options.aa).toEqual({ server: AA_SERVER, workload: 'users' });
      expect(options.out).toBe('/work/results/bench-20261126-102030.json');
    },
  );

  it(
    'makes --quick one level and one round of 1 s trials with no extra rounds and no A/A pair, and lets explicit ' +
      'flags win',
    () => {
      const quick = parse('--quick');
      expect(quick).toMatchObject({
        levels: { users: [100] },
        rounds: 1,
        roundsByWorkload: { users: 1 },
        durationSeconds: 1,
        warmupSeconds: 1,
        budgetSeconds: 0,
        quick: true,
      });
      // One A/A trial gives no noise floor (that needs two A/A ratios): the pair would cost cells for nothing.
      expect(quick.aa).toBeNull();
      expect(parse('--quick', '--rounds', '4', '--levels', '50', '--budget', '1m')).toMatchObject({
        levels: { users: [50] },
        rounds: 4,
        roundsByWorkload: { users: 4 },
        budgetSeconds: 60,
        aa: { server: AA_SERVER, workload: 'users' },
      });
      expect(parse('--quick', '--levels', '10,100').aa).toEqual({ server: AA_SERVER, workload: 'users' });
    },
  );

  it('records the seed: --seed gives it, and without it every run draws its own', () => {
    expect(parse('--seed', '42').seed).toBe(42);
    const drawn = parse().seed;
    expect(Number.isInteger(drawn) && drawn >= 0 && drawn <= 4_294_967_295).toBe(true);
  });

  it(
    'measures the A/A pair on node-fastify, or on the first server when node-fastify is not in the run, and only ' +
      'with users',
    () => {
      expect(parse('--servers', 'python-fastapi-seed,node-express-seed').aa).toEqual({
        server: 'node-express-seed',
        workload: 'users',
      });
      expect(parse('--workloads', 'users-open').aa).toBeNull();
    },
  );

  it('refuses --trials, which --rounds replaced, and says what to write instead', () => {
    expect(() => parse('--trials', '3')).toThrow(UsageError);
    expect(() => parse('--trials', '3')).toThrow(/--trials was replaced by --rounds/);
    try {
      parse('--trials', '3');
    } catch (error) {
      expect((error as UsageError).fix).toBe('use --rounds 3');
    }
  });

  it('reads durations with units and lists without duplicates', () => {
    expect(parse('--duration', '1500ms', '--warmup', '2m', '--levels', '10, 10,20')).toMatchObject({
      durationSeconds: 1.5,
      warmupSeconds: 120,
      levels: { users: [10, 20] },
    });
  });

  it.each([
    [['--levels', '0'], /--levels must be a whole number from 1 to 20000, got '0'/],
    [['--levels', '10,,20'], /--levels must be a comma-separated list/],
    [['--rounds', '1.5'], /--rounds must be a whole number/],
    [['--rounds', '0'], /--rounds must be a whole number from 1 to 100/],
    [['--seed', 'abc'], /--seed must be a whole number/],
    [['--budget', 'soon'], /--budget must be a duration/],
    [['--duration', 'fast'], /--duration must be a duration/],
    [['--workers', '0'], /--workers must be a whole number from 1 to 64/],
    [['--driver', 'ab'], /--driver must be one of wrk, lean, autocannon, got 'ab'/],
    [
      ['--servers', 'node-fastify,rails'],
      /--servers: unknown rails; choose from node-express-seed, node-fastify, python-fastapi-seed/,
    ],
    [['--workloads', 'graphql'], /--workloads: unknown graphql/],
    [['--database-url', 'mysql://x'], /--database-url must start with postgres:\/\//],
    [['--rows', '10'], /--rows must be a whole number from 50/],
  ])('rejects %j with a UsageError naming the flag', (argv, message) => {
    expect(() => parse(...argv)).toThrow(UsageError);
    expect(() => parse(...argv)).toThrow(message);
  });

  it('refuses --driver wrk when wrk is not on PATH, and then defaults to the lean driver', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(() => parse('--driver', 'wrk')).toThrow(UsageError);
      expect(() => parse('--driver', 'wrk')).toThrow('--driver wrk: wrk is not installed');
      expect(parse().driver).toBe('lean');
      expect(parse('--driver', 'autocannon').driver).toBe('autocannon');
    } finally {
      process.env.PATH = path;
    }
  });

  it('estimates the users workload on five servers within the about 7 minutes the README promises', () => {
    const five = [
      ...manifests,
      fakeManifest('python-fastapi-pool', 'python', 'pool'),
      fakeManifest('python-fastapi-tuned', 'python', 'tuned'),
    ];
    const options = parseBenchOptions({ flags: {}, positionals: [] }, five, '/work');
    expect(estimateSeconds(options)).toBeLessThanOrEqual(7 * 60);
  });

  it(
    "estimates the whole default run within the README's 10 minutes with its extra-round budget, and --quick " +
      'within the about a minute its help promises',
    async () => {
      const real = await loadManifests();
      const options = parseBenchOptions({ flags: {}, positionals: [] }, real, '/work');
      const quick = parseBenchOptions({ flags: { quick: true }, positionals: [] }, real, '/work');
      expect(benchFlags.quick!.description).toBe(
        'Every workload at one reduced level, one round of 1 s trials, no extra rounds: about a minute on 2 ' +
          'cores; indicative, not a verdict.',
      );
      expect(estimateSeconds(options) + options.budgetSeconds).toBeLessThanOrEqual(10 * 60);
      // "About" a minute, and the hard limit of 90 s for the whole command (the estimate runs
      // ahead of the clock: 73 s estimated, 68-69 s measured for five servers).
      expect(estimateSeconds(quick)).toBeLessThanOrEqual(85);
    },
  );
});

describe('verdict bench on the command line', () => {
  it.each([
    [['bench', '--levels', 'x'], "verdict: --levels must be a whole number from 1 to 20000, got 'x'"],
    [
      ['bench', '--bogus'],
      "verdict: unknown option --bogus for 'verdict bench'; run 'verdict bench --help' to see its options",
    ],
    [['bench', '--trials'], "verdict: --trials needs a value; run 'verdict bench --help' to see its options"],
    [['bench', '--out', '/proc/verdict/results.json'], 'verdict: --out /proc/verdict/results.json cannot be written'],
    [['bench', '--out', '/dev/null/results.json'], 'verdict: --out /dev/null/results.json cannot be written: ENOTDIR'],
  ])('%j fails with exit code 2 and one line on stderr before starting anything', async (argv, message) => {
    const out = captureOutput();
    const code = await main(argv, out);
    expect(code).toBe(2);
    const { stdout, stderr } = out.text();
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(message);
  });

  it('prints generated help with every flag', async () => {
    const out = captureOutput();
    expect(await main(['bench', '--help'], out)).toBe(0);
    for (const [flag, spec] of Object.entries(benchFlags)) {
      if (spec.hidden) expect(out.text().stdout, flag).not.toContain(`--${flag} `);
      else expect(out.text().stdout).toContain(`--${flag}`);
    }
    // --trials is kept only to say that --rounds replaced it.
    expect(benchFlags.trials!.hidden).toBe(true);
    expect(out.text().stdout).toContain('--rounds');
  });
});

describe('flag values that start with a dash', () => {
  it('explains how to pass them instead of calling the flag valueless', async () => {
    const out = captureOutput();
    expect(await main(['bench', '--levels', '-5'], out)).toBe(2);
    expect(out.text().stderr).toBe(
      'verdict: --levels needs a value; write a value that starts with a dash as --levels=-VALUE\n',
    );
    const again = captureOutput();
    expect(await main(['bench', '--levels=-5'], again)).toBe(2);
    expect(again.text().stderr).toContain("--levels must be a whole number from 1 to 20000, got '-5'");
  });
});
