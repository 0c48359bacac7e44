/**
 * `verdict calibrate` flags and their validation, before anything starts: a bad value is one line
 * naming the flag, exit code 2.
 */
import { resolve } from 'node:path';
import type { FlagSpec, ParsedInput } from '../cli/args.js';
import { booleanFlag, durationValue, integerListValue, integerValue, namesValue, stringFlag } from '../cli/values.js';
import { CALIBRATE_DEFAULTS, type CalibrateOptions } from '../calibrate/options.js';
import { calibrationFileName, calibrationFolder } from '../calibrate/store.js';
import { UsageError } from '../core/errors.js';
import { DEFAULT_ROWS } from '../database/index.js';
import { DRIVERS, type DriverName } from '../load/index.js';
import { wrkPath } from '../load/wrk-generator.js';
import { newSeed } from '../measure/random.js';
import type { ServerManifest } from '../servers/manifest.js';

export const calibrateFlags: Record<string, FlagSpec> = {
  server: {
    type: 'string',
    value: 'NAME',
    description: 'Measure against this server under test (with its PostgreSQL) instead of a server that does no work.',
  },
  drivers: {
    type: 'string',
    value: 'LIST',
    description: `Comma-separated drivers to measure: ${DRIVERS.join(', ')}.`,
    default: 'every installed one',
  },
  levels: {
    type: 'string',
    value: 'LIST',
    description: 'Concurrent connections.',
    default: CALIBRATE_DEFAULTS.levels.join(','),
  },
  rounds: {
    type: 'string',
    value: 'N',
    description: 'Interleaved rounds: every driver runs one trial per level and round, in a seeded random order.',
    default: String(CALIBRATE_DEFAULTS.rounds),
  },
  duration: {
    type: 'string',
    value: 'TIME',
    description: 'Measured time per trial.',
    default: `${CALIBRATE_DEFAULTS.durationSeconds}s`,
  },
  warmup: {
    type: 'string',
    value: 'TIME',
    description: 'Load per driver at the highest level before the first round.',
    default: `${CALIBRATE_DEFAULTS.warmupSeconds}s`,
  },
  seed: { type: 'string', value: 'N', description: 'Seed of the order within rounds (recorded).', default: 'random' },
  out: {
    type: 'string',
    value: 'FILE',
    description: 'Calibration file to write.',
    default: 'results/calibration/calibrate-<time>.json',
  },
  json: { type: 'boolean', description: 'Print the calibration JSON on stdout.' },
  rows: {
    type: 'string',
    value: 'N',
    description: 'With --server: rows seeded into the users table.',
    default: String(DEFAULT_ROWS),
  },
  'database-url': {
    type: 'string',
    value: 'URL',
    description: 'With --server: use this PostgreSQL instead of starting an embedded one.',
  },
  python: {
    type: 'string',
    value: 'PATH',
    description: 'With --server: Python interpreter for a Python server.',
    default: '.venv/bin/python',
  },
  'no-pin': { type: 'boolean', description: 'Do not pin the target and the load generator to separate CPUs.' },
};

export function parseCalibrateOptions(
  input: ParsedInput,
  manifests: ServerManifest[],
  cwd: string,
  now: Date = new Date(),
): CalibrateOptions {
  const { flags } = input;
  const text = (name: string) => stringFlag(flags, name);
  const serverName = text('server');
  const server = serverName === undefined ? null : (manifests.find((m) => m.name === serverName) ?? null);
  if (serverName !== undefined && !server)
    throw new UsageError(
      `--server: unknown server '${serverName}'`,
      `choose from ${manifests.map((m) => m.name).join(', ')}`,
    );
  const installed = DRIVERS.filter((d) => d !== 'wrk' || wrkPath());
  const drivers = text('drivers') ? (namesValue('drivers', text('drivers')!, DRIVERS) as DriverName[]) : installed;
  if (drivers.includes('wrk') && !wrkPath())
    throw new UsageError(
      '--drivers wrk: wrk is not installed',
      'run verdict setup (it installs wrk), or leave wrk out of --drivers',
    );
  const databaseUrl = text('database-url');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new UsageError('--database-url must start with postgres://');
  for (const flag of ['rows', 'database-url', 'python'] as const) {
    if (!server && text(flag) !== undefined)
      throw new UsageError(`--${flag} applies only with --server`, `add --server <name>, or leave out --${flag}`);
  }
  const stamp = calibrationFileName(now);
  return {
    plan: {
      // Drivers in a fixed order (wrk first); the order within each round is drawn from the seed.
      drivers: DRIVERS.filter((d) => drivers.includes(d)),
      levels: text('levels')
        ? integerListValue('levels', text('levels')!, { min: 1, max: 20_000 }).sort((a, b) => a - b)
        : [...CALIBRATE_DEFAULTS.levels],
      rounds: text('rounds')
        ? integerValue('rounds', text('rounds')!, { min: 1, max: 100 })
        : CALIBRATE_DEFAULTS.rounds,
      durationSeconds: text('duration')
        ? durationValue('duration', text('duration')!, { min: 1, max: 600 })
        : CALIBRATE_DEFAULTS.durationSeconds,
      warmupSeconds: text('warmup')
        ? durationValue('warmup', text('warmup')!, { min: 0, max: 600 })
        : CALIBRATE_DEFAULTS.warmupSeconds,
      seed: text('seed') ? integerValue('seed', text('seed')!, { min: 0, max: 4_294_967_295 }) : newSeed(),
      timeoutSeconds: CALIBRATE_DEFAULTS.timeoutSeconds,
    },
    server,
    out: resolve(cwd, text('out') ?? `${calibrationFolder('results')}/${stamp}`),
    json: booleanFlag(flags, 'json'),
    rows: text('rows') ? integerValue('rows', text('rows')!, { min: 50, max: 10_000_000 }) : DEFAULT_ROWS,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(text('python')
      ? { python: text('python')!.includes('/') ? resolve(cwd, text('python')!) : text('python')! }
      : {}),
    pin: !booleanFlag(flags, 'no-pin'),
  };
}
