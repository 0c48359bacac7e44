/**
 * `verdict bench` flags, and their validation into the run's options (src/bench/options.ts).
 * Everything is checked here, before any process starts: a bad value is one line naming the flag,
 * exit code 2.
 */
import { resolve } from 'node:path';
import type { FlagSpec, ParsedInput } from '../cli/args.js';
import { UsageError } from '../core/errors.js';
import {
  booleanFlag,
  durationValue,
  enumValue,
  integerListValue,
  integerValue,
  namesValue,
  stringFlag,
} from '../cli/values.js';
import { aaPair, DEFAULTS, QUICK, type BenchOptions } from '../bench/options.js';
import { DEFAULT_ROWS } from '../database/index.js';
import { defaultDriver, DRIVERS } from '../load/index.js';
import { wrkPath } from '../load/wrk-generator.js';
import type { ServerManifest } from '../servers/manifest.js';
import { WORKLOADS } from '../workloads/index.js';
import { newSeed } from '../measure/random.js';
import { profileOptionsProblem } from '../profile/plan.js';
import { targetManifest } from '../targets/target.js';
import { parseTargets } from './target-options.js';

export const benchFlags: Record<string, FlagSpec> = {
  servers: {
    type: 'string',
    value: 'LIST',
    description: 'Comma-separated servers to run (see verdict servers).',
    default: 'all',
  },
  workloads: {
    type: 'string',
    value: 'LIST',
    description: `Comma-separated workloads: ${WORKLOADS.map((w) => w.name).join(', ')}.`,
    default: 'all',
  },
  levels: {
    type: 'string',
    value: 'LIST',
    description: 'Concurrent connections for the HTTP workloads.',
    default: '10,100,1000',
  },
  duration: {
    type: 'string',
    value: 'TIME',
    description: 'Measured time per cell, e.g. 5s.',
    default: `${DEFAULTS.durationSeconds}s`,
  },
  warmup: {
    type: 'string',
    value: 'TIME',
    description: 'Warm-up per server before measuring.',
    default: `${DEFAULTS.warmupSeconds}s`,
  },
  rounds: {
    type: 'string',
    value: 'N',
    description: 'Interleaved rounds per block: each server runs one trial per round, in a seeded random order.',
    default: String(DEFAULTS.rounds),
  },
  trials: { type: 'string', value: 'N', description: 'Replaced by --rounds (kept to say so).', hidden: true },
  seed: {
    type: 'string',
    value: 'N',
    description: 'Seed of the order within rounds (recorded; the same seed gives the same order).',
    default: 'random',
  },
  budget: {
    type: 'string',
    value: 'TIME',
    description: 'Time the extra rounds of undecided comparisons may take in all; 0 turns them off.',
    default: `${DEFAULTS.budgetSeconds}s`,
  },
  workers: {
    type: 'string',
    value: 'N',
    description: 'Processes per server for both runtimes (Node cluster, uvicorn workers).',
    default: '1',
  },
  driver: {
    type: 'string',
    value: 'NAME',
    description: "Closed-model HTTP load generator: wrk, lean (verdict's own keep-alive client) or autocannon.",
    default: 'wrk where installed, else lean',
  },
  timeout: {
    type: 'string',
    value: 'TIME',
    description: 'A request slower than this counts as a timeout.',
    default: `${DEFAULTS.timeoutSeconds}s`,
  },
  rows: { type: 'string', value: 'N', description: 'Rows seeded into the users table.', default: String(DEFAULT_ROWS) },
  out: { type: 'string', value: 'FILE', description: 'Results file to write.', default: 'results/bench-<time>.json' },
  json: { type: 'boolean', description: 'Print the results JSON on stdout (the summary goes to stderr).' },
  quick: {
    type: 'boolean',
    description:
      'Every workload at one reduced level, one round of 1 s trials, no extra rounds: about a minute on 2 ' +
      'cores; indicative, not a verdict.',
  },
  'database-url': {
    type: 'string',
    value: 'URL',
    description: 'Use this PostgreSQL instead of starting an embedded one.',
  },
  python: {
    type: 'string',
    value: 'PATH',
    description: 'Python interpreter for the Python servers.',
    default: '.venv/bin/python',
  },
  'no-pin': { type: 'boolean', description: 'Do not pin servers and the load generator to separate CPUs.' },
  target: {
    type: 'string',
    value: 'NAME=URL',
    multiple: true,
    description:
      "Measure a server verdict did not start (repeatable), instead of verdict's own: no server is started, and " +
      "PostgreSQL only for --database-url. Each target is checked against the workloads' contract first.",
  },
  runtime: {
    type: 'string',
    value: 'NAME=RUNTIME',
    multiple: true,
    description: "A target's runtime, node or python (required for each --target).",
  },
  label: {
    type: 'string',
    value: 'NAME=TEXT',
    multiple: true,
    description: 'A description of a target for the reports, e.g. "api v2 on 4 vCPU".',
  },
  variant: {
    type: 'string',
    value: 'NAME=VARIANT',
    multiple: true,
    description:
      "What a target is to the guide's claims: tuned (a production server, the default), pool, seed (the " +
      "guide's code as written) or reference.",
  },
  profile: {
    type: 'boolean',
    description:
      'Also record a CPU profile of each tuned and reference server in one extra, unmeasured users trial at 100 ' +
      'connections: flame graphs in the HTML report, raw profiles beside the results file.',
  },
};

export function parseBenchOptions(
  input: ParsedInput,
  manifests: ServerManifest[],
  cwd: string,
  now: Date = new Date(),
): BenchOptions {
  const { flags } = input;
  const quick = booleanFlag(flags, 'quick');
  const text = (name: string) => stringFlag(flags, name);

  const targets = parseTargets(flags);
  for (const flag of ['servers', 'workers', 'python', 'profile'] as const) {
    if (targets.length && flags[flag] !== undefined)
      throw new UsageError(`--${flag} applies to the servers verdict starts, not to --target`, `leave out --${flag}`);
  }
  const serverNames = text('servers')
    ? namesValue(
        'servers',
        text('servers')!,
        manifests.map((m) => m.name),
      )
    : manifests.map((m) => m.name);
  const servers = targets.length
    ? targets.map((t) => targetManifest(t, cwd))
    : manifests.filter((m) => serverNames.includes(m.name));
  const workloadNames = text('workloads')
    ? namesValue(
        'workloads',
        text('workloads')!,
        WORKLOADS.map((w) => w.name),
      )
    : WORKLOADS.map((w) => w.name);
  const workloads = WORKLOADS.filter((w) => workloadNames.includes(w.name));

  const connectionLevels = text('levels')
    ? integerListValue('levels', text('levels')!, { min: 1, max: 20_000 })
    : undefined;
  const levels: Record<string, number[]> = {};
  for (const workload of workloads) {
    const ownLevels = quick ? workload.levels.quick : workload.levels.default;
    levels[workload.name] =
      workload.levelLabel === 'connections' && connectionLevels && !workload.fixedLevels ? connectionLevels : ownLevels;
  }

  // wrk by default where installed: autocannon read about 20% below it on the fastest server, and
  // the lean driver, which needs nothing installed, agrees with it (verdict calibrate measures both).
  const driver = enumValue('driver', text('driver') ?? defaultDriver(), DRIVERS);
  if (driver === 'wrk' && !wrkPath())
    throw new UsageError(
      '--driver wrk: wrk is not installed',
      'run verdict setup (it installs wrk), or use --driver lean',
    );

  const databaseUrl = text('database-url');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new UsageError(
      `--database-url must start with postgres://, got '${databaseUrl.replace(/:[^:@/]*@/, ':***@')}'`,
    );
  }

  if (text('trials') !== undefined)
    throw new UsageError(
      '--trials was replaced by --rounds: every server now runs one trial per interleaved round',
      `use --rounds ${text('trials')}`,
    );
  const rounds = text('rounds')
    ? integerValue('rounds', text('rounds')!, { min: 1, max: 100 })
    : quick
      ? QUICK.rounds
      : DEFAULTS.rounds;
  const durationSeconds = text('duration')
    ? durationValue('duration', text('duration')!, { min: 1, max: 600 })
    : quick
      ? QUICK.durationSeconds
      : DEFAULTS.durationSeconds;
  const roundsByWorkload: Record<string, number> = {};
  const durationByWorkload: Record<string, number> = {};
  for (const workload of workloads) {
    roundsByWorkload[workload.name] =
      !text('rounds') && workload.defaultRounds ? Math.min(rounds, workload.defaultRounds) : rounds;
    const ownDuration = quick ? workload.quickDurationSeconds : workload.defaultDurationSeconds;
    durationByWorkload[workload.name] = !text('duration') && ownDuration ? ownDuration : durationSeconds;
  }

  const workers = text('workers') ? integerValue('workers', text('workers')!, { min: 1, max: 64 }) : 1;
  const profile = booleanFlag(flags, 'profile');
  const profileProblem = profile ? profileOptionsProblem({ servers, workloads, workers }) : null;
  if (profileProblem) throw new UsageError(profileProblem.message, profileProblem.fix);

  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return {
    servers,
    workloads,
    levels,
    durationSeconds,
    warmupSeconds: text('warmup')
      ? durationValue('warmup', text('warmup')!, { min: 0, max: 600 })
      : quick
        ? QUICK.warmupSeconds
        : DEFAULTS.warmupSeconds,
    rounds,
    roundsByWorkload,
    seed: text('seed') ? integerValue('seed', text('seed')!, { min: 0, max: 4_294_967_295 }) : newSeed(),
    budgetSeconds: text('budget')
      ? durationValue('budget', text('budget')!, { min: 0, max: 86_400 })
      : quick
        ? QUICK.budgetSeconds
        : DEFAULTS.budgetSeconds,
    aa: aaPair(servers, workloads, levels, roundsByWorkload),
    durationByWorkload,
    workers,
    driver,
    timeoutSeconds: text('timeout')
      ? durationValue('timeout', text('timeout')!, { min: 1, max: 120 })
      : DEFAULTS.timeoutSeconds,
    rows: text('rows') ? integerValue('rows', text('rows')!, { min: 50, max: 10_000_000 }) : DEFAULT_ROWS,
    out: resolve(cwd, text('out') ?? `results/bench-${stamp}.json`),
    json: booleanFlag(flags, 'json'),
    quick,
    warmupExplicit: text('warmup') !== undefined,
    ...(databaseUrl ? { databaseUrl } : {}),
    // A bare name such as python3 is looked up on PATH; a path is taken relative to the working folder.
    ...(text('python')
      ? { python: text('python')!.includes('/') ? resolve(cwd, text('python')!) : text('python')! }
      : {}),
    // The targets' processes are out of reach; the load generator is pinned alone.
    pin: !booleanFlag(flags, 'no-pin'),
    profile,
    targets,
  };
}
