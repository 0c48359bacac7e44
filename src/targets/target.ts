/**
 * Servers verdict did not start (`verdict bench --target NAME=URL`): a user's own deployments,
 * measured with the same workloads. A target is a server whose start and stop do nothing and
 * whose process is out of reach, so its CPU and memory are not available; everything else in the
 * bench loop (rounds, the A/A pair, the results file, the readers) treats it as any other server.
 */
import { UsageError } from '../core/errors.js';
import type { FlagValue } from '../cli/args.js';
import { variantSchema, type Cell, type Target, type Variant } from '../results/schema.js';
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

/** `NAME=VALUE` pairs of a repeatable flag, by name; a NAME given twice or a malformed pair is a usage error. */
function pairs(flag: string, value: FlagValue): Map<string, string> {
  const list = value === undefined ? [] : Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  const found = new Map<string, string>();
  for (const raw of list) {
    const match = /^([a-z0-9][a-z0-9-]*)=(.+)$/.exec(raw);
    if (!match) throw new UsageError(`--${flag} must be NAME=VALUE with a name of lower-case letters, digits and dashes, got '${raw}'`, `e.g. --${flag} ${flag === 'target' ? 'api=http://10.0.0.5:8080' : flag === 'runtime' ? 'api=node' : flag === 'variant' ? 'api=tuned' : 'api=staging'}`);
    if (found.has(match[1]!)) throw new UsageError(`--${flag} names '${match[1]}' twice`, `give each target's --${flag} once`);
    found.set(match[1]!, match[2]!);
  }
  return found;
}

/** A base URL for the workloads' paths: http(s), no path beyond '/', no query. */
function targetUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--target ${name}=${raw}: not a URL`, `give the server's base URL, e.g. --target ${name}=http://10.0.0.5:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--target ${name}=${raw}: the URL must start with http:// or https://`, `e.g. --target ${name}=http://10.0.0.5:8080`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) throw new UsageError(`--target ${name}=${raw}: give the base URL only (the workloads add /api/users and the other paths)`, `e.g. --target ${name}=${url.origin}`);
  return url.origin;
}

/** --target, --runtime, --label and --variant into targets; an empty list when no --target was given. */
export function parseTargets(flags: Record<string, FlagValue>): BenchTarget[] {
  const urls = pairs('target', flags.target);
  const runtimes = pairs('runtime', flags.runtime);
  const labels = pairs('label', flags.label);
  const variants = pairs('variant', flags.variant);
  for (const [flag, given] of [['runtime', runtimes], ['label', labels], ['variant', variants]] as const) {
    const stray = [...given.keys()].find((name) => !urls.has(name));
    if (stray) throw new UsageError(`--${flag} ${stray}=...: there is no --target ${stray}`, `add --target ${stray}=URL or fix the name`);
  }
  return [...urls].map(([name, raw]) => {
    const runtime = runtimes.get(name);
    if (runtime === undefined) throw new UsageError(`--target ${name} needs its runtime: verdict compares Node.js with Python`, `add --runtime ${name}=node or --runtime ${name}=python`);
    if (!(RUNTIMES as readonly string[]).includes(runtime)) throw new UsageError(`--runtime ${name}= must be node or python, got '${runtime}'`);
    const variant = variants.get(name) ?? 'tuned';
    if (!variantSchema.safeParse(variant).success) throw new UsageError(`--variant ${name}= must be one of ${variantSchema.options.join(', ')}, got '${variant}'`);
    return { name, url: targetUrl(name, raw), runtime: runtime as BenchTarget['runtime'], label: labels.get(name) ?? '', variant: variant as Variant };
  });
}

/**
 * The manifest a target stands in for. It lists every workload: what a target offers is found
 * out by the contract check before measuring (src/targets/contract.ts), not declared.
 */
export function targetManifest(target: BenchTarget, cwd: string): ServerManifest {
  return {
    name: target.name,
    runtime: target.runtime,
    variant: target.variant,
    description: `${target.label || `a ${target.runtime === 'node' ? 'Node.js' : 'Python'} server`} at ${target.url}, not started by verdict`,
    start: { command: '', args: [] },
    healthPath: '/api/users',
    responseShape: 'users-object',
    pool: null,
    libraries: [],
    workloads: WORKLOADS.map((w) => w.name),
    notes: { url: target.url, ...(target.label ? { label: target.label } : {}), process: 'not started by verdict: its CPU, memory, pool and libraries are not known' },
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
    "Server CPU and memory: the targets' processes are not on verdict's machine (or not started by it), so /proc cannot be read for them; per-connection memory and CPU per request are not available either.",
    ...(queryCounting ? [] : ["Queries per request: no --database-url for the targets' database, so pg_stat_statements cannot be read."]),
    "The database ceiling: verdict measures it on a database it seeded itself, and the targets' database is theirs.",
  ];
}

/**
 * Figures a workload reads from the server's own process (/proc): CPU and memory, and what is
 * derived from them (memory per connection, CPU per request). The workloads name them so.
 */
const PROCESS_METRIC = /^(server[A-Z]|rss[A-Z]|kbPer[A-Z])|^cpuMsPerRequest$/;

/** A target's cell: the figures read from a process verdict cannot see are null, not zero. */
export function withoutProcessFigures(cell: Cell): Cell {
  const metrics = Object.fromEntries(Object.entries(cell.metrics).map(([name, value]) => [name, PROCESS_METRIC.test(name) ? null : value]));
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
      const response = await fetch(`${server.url}${server.manifest.healthPath}`, { signal: AbortSignal.timeout(Math.max(100, Math.ceil(deadline - performance.now()))) });
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
