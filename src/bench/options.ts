/**
 * What a `verdict bench` run is asked to do, once its flags are read (src/commands/bench-options.ts):
 * the plain options, their defaults, and the A/A rule the plan follows.
 */
import type { DriverName } from '../load/index.js';
import type { ServerManifest } from '../servers/manifest.js';
import type { Workload } from '../workloads/index.js';
import { DEFAULT_ROUNDS } from '../measure/sequential.js';
import type { BenchTarget } from '../targets/target.js';

/**
 * A default run: three interleaved rounds of 2 s trials. Interleaving moves the machine's drift
 * into the spread of the per-round ratios, where a paired interval sees it; undecided comparisons
 * then get extra rounds at the looks (within --budget) rather than every cell getting more.
 */
export const DEFAULTS = {
  durationSeconds: 2,
  warmupSeconds: 2,
  rounds: DEFAULT_ROUNDS,
  timeoutSeconds: 8,
  budgetSeconds: 60,
} as const;
/**
 * --quick: one round of 1 s trials at one level per workload, no extra rounds, in about a minute
 * on 2 cores. One round gives a comparison one ratio and no interval, so the run is indicative,
 * not a verdict (src/claims/indicative.ts): its claims stay inconclusive.
 */
export const QUICK = { durationSeconds: 1, warmupSeconds: 1, rounds: 1, budgetSeconds: 0 } as const;
/** The server measured against itself (A/A) in the users rounds, when the run includes it. */
export const AA_SERVER = 'node-fastify';

export interface BenchOptions {
  servers: ServerManifest[];
  workloads: Workload[];
  levels: Record<string, number[]>;
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  /** Rounds and seconds per workload: the plan's, unless a workload asks for fewer in a default run. */
  roundsByWorkload: Record<string, number>;
  seed: number;
  budgetSeconds: number;
  /** The A/A pair: this server measured twice in every round of this workload; null when not in the run. */
  aa: { server: string; workload: string } | null;
  durationByWorkload: Record<string, number>;
  workers: number;
  driver: DriverName;
  timeoutSeconds: number;
  rows: number;
  out: string;
  json: boolean;
  quick: boolean;
  /** True when --warmup was given: it then applies to every workload, even those that skip it in --quick. */
  warmupExplicit: boolean;
  databaseUrl?: string;
  python?: string;
  pin: boolean;
  /** --profile: an extra, unmeasured users trial per tuned and reference server under a CPU profiler (src/profile/). */
  profile: boolean;
  /** --target: servers verdict did not start, one per entry of `servers` (src/targets/); empty otherwise. */
  targets: BenchTarget[];
}

/**
 * The A/A pair needs its server and the users workload in the run, and two A/A trials at least
 * (rounds times levels): the noise floor is built from two A/A ratios or more (measure/paired.ts),
 * so one round at one level would cost the pair's cells and give no floor.
 */
export function aaPair(
  servers: ServerManifest[],
  workloads: Workload[],
  levels: Record<string, number[]>,
  roundsByWorkload: Record<string, number>,
): BenchOptions['aa'] {
  if (!workloads.some((w) => w.name === 'users')) return null;
  if ((roundsByWorkload.users ?? 0) * (levels.users ?? []).length < 2) return null;
  const server = servers.find((s) => s.name === AA_SERVER) ?? servers[0];
  return server ? { server: server.name, workload: 'users' } : null;
}
