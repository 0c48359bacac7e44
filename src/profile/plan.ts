/**
 * What `verdict bench --profile` profiles, and when: every tuned and reference server, in one
 * extra users trial at 100 connections after its stage's measured rounds (extra rounds included).
 * The profiler costs the server CPU, so that trial is never a cell: no figure of the run uses it.
 */
import type { ServerManifest } from '../servers/manifest.js';

/** Variants as strings: the reference variant is newer than some results files. */
export const PROFILED_VARIANTS: readonly string[] = ['tuned', 'reference'];
export const PROFILE_WORKLOAD = 'users';
/** Normal traffic, where the servers differ most (the level --quick measures). */
export const PROFILE_CONNECTIONS = 100;
/**
 * A profiled trial lasts at least this long: a 2 s trial gives py-spy at 250 Hz about 500
 * samples, too few for the narrow frames of a flame graph to mean anything.
 */
export const PROFILE_MIN_SECONDS = 5;

export const isProfiled = (manifest: Pick<ServerManifest, 'variant'>) => PROFILED_VARIANTS.includes(manifest.variant);

/** 100 connections when the run measures it, else the users level nearest to it. */
export function profileConnections(usersLevels: readonly number[]): number {
  if (usersLevels.length === 0 || usersLevels.includes(PROFILE_CONNECTIONS)) return PROFILE_CONNECTIONS;
  return [...usersLevels].sort(
    (a, b) => Math.abs(a - PROFILE_CONNECTIONS) - Math.abs(b - PROFILE_CONNECTIONS) || a - b,
  )[0]!;
}

export const profileSeconds = (cellSeconds: number) => Math.max(cellSeconds, PROFILE_MIN_SECONDS);

/** results/bench-x.json -> results/bench-x.profiles (beside it). */
export function profilesFolderFor(resultsPath: string): string {
  return resultsPath.toLowerCase().endsWith('.json')
    ? `${resultsPath.slice(0, -5)}.profiles`
    : `${resultsPath}.profiles`;
}

/** Why --profile cannot run with these options, or null; checked before anything starts. */
export function profileOptionsProblem(options: {
  servers: readonly ServerManifest[];
  workloads: readonly { name: string }[];
  workers: number;
}): { message: string; fix: string } | null {
  if (!options.workloads.some((w) => w.name === PROFILE_WORKLOAD)) {
    return {
      message: '--profile profiles the users workload, which is not in --workloads',
      fix: 'add users to --workloads, or drop --profile',
    };
  }
  if (!options.servers.some(isProfiled)) {
    return {
      message: '--profile profiles the tuned and reference servers, and --servers has none',
      fix: `add one to --servers (e.g. node-fastify,python-fastapi-tuned), or drop --profile`,
    };
  }
  if (options.workers > 1) {
    return {
      message: `--profile records one process per server, and --workers ${options.workers} runs ${options.workers}`,
      fix: 'profile with --workers 1 (the default)',
    };
  }
  return null;
}
