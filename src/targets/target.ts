/**
 * Servers verdict did not start (`verdict bench --target NAME=URL`): a user's own deployments,
 * measured with the same workloads. A target is a server whose start and stop do nothing and
 * whose process is out of reach, so its CPU and memory are not available; everything else in the
 * bench loop (rounds, the A/A pair, the results file, the readers) treats it as any other server.
 */
import { isMetricName, metricSpec } from '../results/metrics.js';
import type { CompletedCell, Target, Variant } from '../results/schema.js';
import type { ServerManifest } from '../servers/manifest.js';
import type { RunningServer } from '../servers/process.js';
import { WORKLOADS } from '../workloads/index.js';

export const RUNTIMES = ['node', 'python'] as const;

/** A target as the bench needs it: what the results file records, plus the claims' role. */
export interface BenchTarget extends Target {
  /**
   * What the target is to the guide's claims. A deployment a user benchmarks is a production
   * server (pooling, validation, error handling): the guide's "well-configured service", which the
   * claims read from the tuned servers. --variant says otherwise (seed: the guide's code as written).
   */
  variant: Variant;
}

/** No process verdict can read: the group id of no process, so /proc samplers find nothing. */
const NO_PROCESS = -1;

/**
 * The manifest a target stands in for. It lists every workload: what a target offers is found
 * out by the contract check before measuring (src/targets/contract.ts), not declared.
 */
export function targetManifest(target: BenchTarget, cwd: string): ServerManifest {
  return {
    name: target.name,
    runtime: target.runtime,
    variant: target.variant,
    description:
      `${target.label || `a ${target.runtime === 'node' ? 'Node.js' : 'Python'} server`} at ${target.url}, not ` +
      `started by verdict`,
    start: { command: '', args: [] },
    healthPath: '/api/users',
    responseShape: 'users-object',
    pool: null,
    libraries: [],
    workloads: WORKLOADS.map((w) => w.name),
    notes: {
      url: target.url,
      ...(target.label ? { label: target.label } : {}),
      process: 'not started by verdict: its CPU, memory, pool and libraries are not known',
    },
    dir: cwd,
  };
}

/** A target as a running server: already running before verdict and still running after it. */
export function connectTarget(manifest: ServerManifest, url: string): RunningServer {
  return {
    manifest,
    pid: NO_PROCESS,
    port: Number(new URL(url).port) || (url.startsWith('https:') ? 443 : 80),
    url,
    pinnedTo: null,
    // verdict cannot see it exit: a target that goes away shows as errors in its cells.
    exited: new Promise(() => undefined),
    hasExited: () => false,
    logTail: () => [],
    stop: async () => undefined,
  };
}

/** The sentences a targets file records under source.notAvailable. */
export function notAvailableWithTargets(queryCounting: boolean): string[] {
  return [
    "Server CPU and memory: the targets' processes are not on verdict's machine (or not started by it), so " +
      '/proc cannot be read for them; per-connection memory and CPU per request are not available either.',
    ...(queryCounting
      ? []
      : ["Queries per request: no --database-url for the targets' database, so pg_stat_statements cannot be read."]),
    "The database ceiling: verdict measures it on a database it seeded itself, and the targets' database is theirs.",
  ];
}

/**
 * Figures a workload reads from the server's own process (/proc): CPU and memory, and what is
 * derived from them (memory per connection, CPU per request); the metric registry marks them.
 */
const fromServerProcess = (name: string) => isMetricName(name) && metricSpec(name).serverProcess === true;

/** A target's cell: the figures read from a process verdict cannot see are null, not zero. */
export function withoutProcessFigures(cell: CompletedCell): CompletedCell {
  const metrics = Object.fromEntries(
    Object.entries(cell.metrics).map(([name, value]) => [name, fromServerProcess(name) ? null : value]),
  );
  return { ...cell, serverCpuPercent: null, serverRssMb: null, metrics };
}

/**
 * The stand-in for waiting until a server is idle (measure/idle.ts reads its CPU, which a target's
 * is out of reach of): one request to the target, answered once the requests queued ahead of it
 * (the previous trial's or the warm-up's leftovers) have been. Resolves after `maxSeconds` anyway.
 */
export async function targetAnswered(server: RunningServer, maxSeconds: number): Promise<void> {
  const deadline = performance.now() + maxSeconds * 1000;
  while (performance.now() < deadline) {
    try {
      const response = await fetch(`${server.url}${server.manifest.healthPath}`, {
        signal: AbortSignal.timeout(Math.max(100, Math.ceil(deadline - performance.now()))),
      });
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
