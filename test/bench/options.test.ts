import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/errors.js';
import { main } from '../../src/cli.js';
import { benchFlags, parseBenchOptions } from '../../src/bench/options.js';
import { estimateSeconds } from '../../src/bench/planned.js';
import type { ServerManifest } from '../../src/servers/manifest.js';
import { captureOutput } from '../support/capture.js';

const manifest = (name: string, runtime: 'node' | 'python', variant: 'seed' | 'pool' | 'tuned'): ServerManifest => ({
  name,
  runtime,
  variant,
  description: name,
  start: { command: '{node}', args: [] },
  healthPath: '/health',
  responseShape: 'users-object',
  pool: null,
  libraries: [],
  workloads: ['users'],
  notes: {},
  dir: `/servers/${name}`,
});
const manifests = [manifest('node-express-seed', 'node', 'seed'), manifest('node-fastify', 'node', 'tuned'), manifest('python-fastapi-seed', 'python', 'seed')];

const parse = (...argv: string[]) => parseBenchOptions({ ...parseCommandLine({ name: 'bench', summary: '', flags: benchFlags, run: async () => 0 }, argv) }, manifests, '/work', new Date('2026-11-26T10:20:30Z'));

describe('bench options', () => {
  it('defaults to every server, the five levels and three trials', () => {
    const options = parse();
    expect(options.servers.map((s) => s.name)).toEqual(['node-express-seed', 'node-fastify', 'python-fastapi-seed']);
    expect(options.levels.users).toEqual([10, 50, 100, 250, 1000]);
    expect(options).toMatchObject({ trials: 3, durationSeconds: 3, warmupSeconds: 3, workers: 1, driver: 'autocannon', pin: true, rows: 10_000, json: false });
    expect(options.out).toBe('/work/results/bench-20261126-102030.json');
  });

  it('makes --quick two levels and one short trial, and lets explicit flags win', () => {
    expect(parse('--quick')).toMatchObject({ levels: { users: [10, 100] }, trials: 1, durationSeconds: 3, warmupSeconds: 1, quick: true });
    expect(parse('--quick', '--trials', '2', '--levels', '50')).toMatchObject({ levels: { users: [50] }, trials: 2 });
  });

  it('reads durations with units and lists without duplicates', () => {
    expect(parse('--duration', '1500ms', '--warmup', '2m', '--levels', '10, 10,20')).toMatchObject({ durationSeconds: 1.5, warmupSeconds: 120, levels: { users: [10, 20] } });
  });

  it.each([
    [['--levels', '0'], /--levels must be a whole number from 1 to 20000, got '0'/],
    [['--levels', '10,,20'], /--levels must be a comma-separated list/],
    [['--trials', '1.5'], /--trials must be a whole number/],
    [['--duration', 'fast'], /--duration must be a duration/],
    [['--workers', '0'], /--workers must be a whole number from 1 to 64/],
    [['--driver', 'ab'], /--driver must be one of autocannon, wrk, got 'ab'/],
    [['--servers', 'node-fastify,rails'], /--servers: unknown rails; choose from node-express-seed, node-fastify, python-fastapi-seed/],
    [['--workloads', 'graphql'], /--workloads: unknown graphql/],
    [['--database-url', 'mysql://x'], /--database-url must start with postgres:\/\//],
    [['--rows', '10'], /--rows must be a whole number from 50/],
  ])('rejects %j with a UsageError naming the flag', (argv, message) => {
    expect(() => parse(...argv)).toThrow(UsageError);
    expect(() => parse(...argv)).toThrow(message);
  });

  it('refuses --driver wrk when wrk is not on PATH', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(() => parse('--driver', 'wrk')).toThrow(UsageError);
      expect(() => parse('--driver', 'wrk')).toThrow('--driver wrk: wrk is not installed');
    } finally {
      process.env.PATH = path;
    }
  });

  it('estimates the default run of five servers within the eight minutes the README promises', () => {
    const five = [...manifests, manifest('python-fastapi-pool', 'python', 'pool'), manifest('python-fastapi-tuned', 'python', 'tuned')];
    const options = parseBenchOptions({ flags: {}, positionals: [] }, five, '/work');
    expect(estimateSeconds(options)).toBeLessThanOrEqual(8 * 60);
    const quick = parseBenchOptions({ flags: { quick: true }, positionals: [] }, five, '/work');
    expect(estimateSeconds(quick)).toBeLessThan(estimateSeconds(options) / 4);
  });
});

describe('verdict bench on the command line', () => {
  it.each([
    [['bench', '--levels', 'x'], "verdict: --levels must be a whole number from 1 to 20000, got 'x'"],
    [['bench', '--bogus'], "verdict: unknown option --bogus for 'verdict bench'; run 'verdict bench --help' to see its options"],
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
    for (const flag of Object.keys(benchFlags)) expect(out.text().stdout).toContain(`--${flag}`);
  });
});

describe('flag values that start with a dash', () => {
  it('explains how to pass them instead of calling the flag valueless', async () => {
    const out = captureOutput();
    expect(await main(['bench', '--levels', '-5'], out)).toBe(2);
    expect(out.text().stderr).toBe('verdict: --levels needs a value; write a value that starts with a dash as --levels=-VALUE\n');
    const again = captureOutput();
    expect(await main(['bench', '--levels=-5'], again)).toBe(2);
    expect(again.text().stderr).toContain("--levels must be a whole number from 1 to 20000, got '-5'");
  });
});
