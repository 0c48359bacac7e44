/**
 * Hand-built results files for tests: every document is parsed by the real schema before it is
 * returned, so a test can never pass on a shape `verdict bench` could not write.
 */
import type { Cell, CompletedCell, Latency, Plan, Results, ServerInfo, SkipCode } from '../../src/results/schema.js';
import { RESULTS_VERSION, resultsSchema } from '../../src/results/schema.js';
import { describeWorkloadNames } from '../../src/workloads/facts.js';
import { parameterKey } from '../../src/results/groups.js';
import { WORKLOADS } from '../../src/workloads/index.js';

/** The servers of the repository, with their runtime and variant. */
export const KNOWN_SERVERS: Record<string, { runtime: Cell['runtime']; variant: Cell['variant'] }> = {
  'node-express-seed': { runtime: 'node', variant: 'seed' },
  'node-fastify': { runtime: 'node', variant: 'tuned' },
  'python-fastapi-seed': { runtime: 'python', variant: 'seed' },
  'python-fastapi-pool': { runtime: 'python', variant: 'pool' },
  'python-fastapi-tuned': { runtime: 'python', variant: 'tuned' },
  'node-http-raw': { runtime: 'node', variant: 'reference' },
  'python-asgi-raw': { runtime: 'python', variant: 'reference' },
};

export interface CellOptions {
  server: string;
  workload?: string;
  parameters?: Record<string, string | number>;
  connections: number;
  /** The interleaved round (1 unless given). */
  round?: number;
  /** Place in the round's order; 1 unless given (nothing judges by it). */
  position?: number;
  /** The interleaving block; by default the one `verdict bench` would record (see blockId). */
  block?: string;
  /** The A/A replicate arm. */
  aa?: boolean;
  /** Requests per second; the request count follows from it and the duration. */
  rps?: number | null;
  /** A full latency object, or a p99 from which the others are derived. */
  latency?: Latency | number | null;
  outcome?: Cell['outcome'];
  /** Why an errored or skipped cell has no figures (a skipped cell's sentence). */
  reason?: string;
  /** A skipped cell's code; 'not-measurable' unless given. */
  skipCode?: SkipCode;
  errors?: number;
  timeouts?: number;
  non2xx?: number;
  metrics?: Record<string, number | null>;
  runtime?: Cell['runtime'];
  variant?: Cell['variant'];
  logTail?: string[];
}

const DURATION = 5;

/**
 * The block `verdict bench` records for a cell, as src/bench/planned.ts names it: the stage's lead
 * workload (users-unvalidated joins users), the level, and the parameters that pair arms (all of
 * them unless the workload names some: compute pairs by operation).
 */
export function blockId(
  workload: string,
  connections: number,
  parameters: Record<string, string | number> = {},
): string {
  const known = WORKLOADS.find((w) => w.name === workload);
  const lead = known?.joins ?? workload;
  const shared: Record<string, string | number> = {};
  for (const name of known?.pairedBy ?? Object.keys(parameters))
    if (parameters[name] !== undefined) shared[name] = parameters[name]!;
  const key = parameterKey(shared);
  return `${lead}@${connections}${key ? `[${key}]` : ''}`;
}

/** A completed cell unless `outcome` says otherwise; an errored one carries only the counts given. */
export function buildCell(o: CellOptions & { outcome?: 'completed' }): CompletedCell;
export function buildCell(o: CellOptions): Cell;
export function buildCell(o: CellOptions): Cell {
  const known = KNOWN_SERVERS[o.server] ?? { runtime: 'node', variant: 'tuned' };
  const identity = {
    server: o.server,
    runtime: o.runtime ?? known.runtime,
    variant: o.variant ?? known.variant,
    workload: o.workload ?? 'users',
    parameters: o.parameters ?? {},
    connections: o.connections,
    round: o.round ?? 1,
    position: o.position ?? 1,
    block: o.block ?? blockId(o.workload ?? 'users', o.connections, o.parameters ?? {}),
    aa: o.aa ?? false,
    startedAt: '2026-11-20T10:00:00.000Z',
  };
  if (o.outcome === 'skipped')
    return {
      ...identity,
      outcome: 'skipped',
      reason: { code: o.skipCode ?? 'not-measurable', sentence: o.reason ?? 'skipped in the test' },
    };
  if (o.outcome === 'errored') {
    const given = { errors: o.errors, timeouts: o.timeouts, non2xx: o.non2xx };
    const counts = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
    return {
      ...identity,
      outcome: 'errored',
      reason: o.reason ?? 'errored in the test',
      logTail: o.logTail ?? [],
      ...counts,
    };
  }
  const rps = o.rps === undefined ? 1000 : o.rps;
  const p99 = typeof o.latency === 'number' ? o.latency : 20;
  const latency: Latency | null =
    o.latency === null
      ? null
      : typeof o.latency === 'object'
        ? o.latency
        : { p50: p99 / 4, p90: p99 / 2, p99, p999: p99 * 1.5, max: p99 * 2 };
  return {
    ...identity,
    outcome: 'completed',
    durationSeconds: DURATION,
    requests: rps === null ? 0 : Math.round(rps * DURATION),
    requestsPerSecond: rps,
    latencyMs: latency,
    errors: o.errors ?? 0,
    timeouts: o.timeouts ?? 0,
    non2xx: o.non2xx ?? 0,
    serverCpuPercent: 95,
    serverRssMb: 80,
    generatorCpuPercent: 50,
    queriesPerRequest: (o.workload ?? 'users') === 'users' ? 1 : null,
    metrics: o.metrics ?? {},
  };
}

/**
 * One cell per round, the figures given per round: trials({server, connections}, [1000, 1010, 990]) is rounds 1, 2 and
 * 3.
 */
export function trials(
  o: Omit<CellOptions, 'rps' | 'round'>,
  rps: number[],
  perTrial: (i: number) => Partial<CellOptions> = () => ({}),
): Cell[] {
  return rps.map((value, i) => buildCell({ ...o, rps: value, round: i + 1, ...perTrial(i) }));
}

/**
 * Three rounds around a value, within ±1% of it and averaging exactly to it. Each arm drifts in
 * its own phase (from its server, workload, parameters and A/A flag), so two arms' per-round
 * ratios differ a little from round to round, as on a real machine, and a paired interval has a
 * width; arms drifting in step would make every interval a point.
 */
export function steady(
  o: Omit<CellOptions, 'rps' | 'round'>,
  rps: number,
  perTrial?: (i: number) => Partial<CellOptions>,
): Cell[] {
  const phase = armPhase(
    `${o.server}|${o.workload ?? 'users'}|${parameterKey(o.parameters ?? {})}|${o.aa ? 'aa' : ''}`,
  );
  // Three cosines a third of a turn apart sum to zero: the mean is exactly rps.
  const factors = [0, 1, 2].map((i) => 1 + 0.01 * Math.cos(phase + (2 * Math.PI * i) / 3));
  // A round that served more waited less: latency drifts the other way, by the same factor.
  const latency = (f: number): CellOptions['latency'] => {
    if (o.latency === null) return null;
    if (typeof o.latency === 'object')
      return Object.fromEntries(Object.entries(o.latency).map(([k, v]) => [k, v === undefined ? v : v / f])) as Latency;
    return (o.latency ?? 20) / f;
  };
  return trials(
    o,
    factors.map((f) => rps * f),
    (i) => ({ latency: latency(factors[i]!), ...perTrial?.(i) }),
  );
}

/** An angle from a name (FNV-1a): the same arm always drifts the same way. */
function armPhase(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return (hash / 0x1_0000_0000) * 2 * Math.PI;
}

export function serverInfo(name: string, runtime?: Cell['runtime'], variant?: Cell['variant']): ServerInfo {
  const known = KNOWN_SERVERS[name] ?? { runtime: runtime ?? 'node', variant: variant ?? 'tuned' };
  return {
    name,
    runtime: runtime ?? known.runtime,
    variant: variant ?? known.variant,
    description: `${name} (test)`,
    poolSize: known.variant === 'seed' && known.runtime === 'python' ? null : 10,
    poolLibrary:
      known.variant === 'seed' && known.runtime === 'python' ? null : known.runtime === 'node' ? 'pg' : 'asyncpg',
    libraries: known.runtime === 'node' ? { fastify: '5.0.0' } : { fastapi: '0.100.0' },
    notes: {},
    workers: 1,
    pinnedTo: '0',
  };
}

/** Overrides of a document; `plan` is merged into the plan the builder derives from the cells. */
export type ResultsOverrides = Omit<Partial<Results>, 'plan'> & { plan?: Partial<Plan> };

export function buildResults(cells: Cell[], overrides: ResultsOverrides = {}): Results {
  const servers = [...new Map(cells.map((c) => [c.server, c])).values()].map((c) =>
    serverInfo(c.server, c.runtime, c.variant),
  );
  const workloads = [...new Set(cells.map((c) => c.workload))];
  const levels = Object.fromEntries(
    workloads.map((w) => [
      w,
      [...new Set(cells.filter((c) => c.workload === w).map((c) => c.connections))].sort((a, b) => a - b),
    ]),
  );
  const rounds = Math.max(1, ...cells.map((c) => c.round));
  const aa = cells.find((c) => c.aa);
  const { plan: planOverrides, ...rest } = overrides;
  const document: Results = {
    schema: 'verdict-results',
    version: RESULTS_VERSION,
    id: 'bench-test',
    tool: { name: 'verdict', version: '0.1.0' },
    createdAt: '2026-11-20T10:00:00.000Z',
    finishedAt: '2026-11-20T10:05:00.000Z',
    status: 'completed',
    environment: {
      cpuModel: 'Test CPU',
      cores: 2,
      memoryMb: 8192,
      os: 'Debian GNU/Linux 12',
      kernel: '6.1.0',
      node: '20.20.0',
      python: '3.11.7',
      postgres: '18.4',
      database: { embedded: true, maxConnections: 1200, rows: 10000, queryCounting: true },
      pinning: {
        available: true,
        servers: '0',
        generator: '1',
        database: null,
        note: 'servers on CPU 0, load generator on CPU 1',
      },
      loadGenerator: { driver: 'autocannon', version: '9.0.0' },
      processModel: '1 process per server for both runtimes',
      facts: {},
    },
    plan: {
      servers: servers.map((s) => s.name),
      workloads: workloads.length ? workloads : ['users'],
      levels,
      durationSeconds: DURATION,
      warmupSeconds: 2,
      rounds,
      roundsByWorkload: {},
      seed: 1,
      confidence: 0.95,
      // A fixed design (no extra rounds, as with --budget 0): one look at the planned rounds, at 95%.
      looks: [{ rounds, level: 0.95 }],
      budgetSeconds: 0,
      aaServer: aa?.server ?? null,
      aaWorkload: aa?.workload ?? null,
      workers: 1,
      driver: 'autocannon',
      quick: false,
      rows: 10000,
      timeoutSeconds: 8,
      durationByWorkload: {},
      ...planOverrides,
      // Every workload the plan or the cells name, described as the bench describes it.
      workloadFacts:
        planOverrides?.workloadFacts ??
        describeWorkloadNames([
          ...(planOverrides?.workloads ?? (workloads.length ? workloads : ['users'])),
          ...workloads,
        ]),
    },
    servers,
    ceilings: [],
    cells,
    extraRounds: [],
    ...rest,
  };
  // The real schema decides what is valid: fail here, loudly, rather than in a confusing assertion.
  return resultsSchema.parse(document);
}
