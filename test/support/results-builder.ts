/**
 * Hand-built results files for tests: every document is parsed by the real schema before it is
 * returned, so a test can never pass on a shape `verdict bench` could not write.
 */
import type { Cell, Latency, Results, ServerInfo } from '../../src/results/schema.js';
import { resultsSchema } from '../../src/results/schema.js';

/** The servers of the repository, with their runtime and variant. */
export const KNOWN_SERVERS: Record<string, { runtime: Cell['runtime']; variant: Cell['variant'] }> = {
  'node-express-seed': { runtime: 'node', variant: 'seed' },
  'node-fastify': { runtime: 'node', variant: 'tuned' },
  'python-fastapi-seed': { runtime: 'python', variant: 'seed' },
  'python-fastapi-pool': { runtime: 'python', variant: 'pool' },
  'python-fastapi-tuned': { runtime: 'python', variant: 'tuned' },
};

export interface CellOptions {
  server: string;
  workload?: string;
  parameters?: Record<string, string | number>;
  connections: number;
  trial?: number;
  /** Requests per second; the request count follows from it and the duration. */
  rps?: number | null;
  /** A full latency object, or a p99 from which the others are derived. */
  latency?: Latency | number | null;
  outcome?: Cell['outcome'];
  reason?: string | null;
  errors?: number;
  timeouts?: number;
  non2xx?: number;
  metrics?: Record<string, number | null>;
  runtime?: Cell['runtime'];
  variant?: Cell['variant'];
  logTail?: string[];
}

const DURATION = 5;

export function buildCell(o: CellOptions): Cell {
  const known = KNOWN_SERVERS[o.server] ?? { runtime: 'node', variant: 'tuned' };
  const outcome = o.outcome ?? 'completed';
  const completed = outcome === 'completed';
  const rps = completed ? (o.rps === undefined ? 1000 : o.rps) : null;
  const p99 = typeof o.latency === 'number' ? o.latency : 20;
  const latency: Latency | null = !completed || o.latency === null ? null : typeof o.latency === 'object' ? o.latency : { p50: p99 / 4, p90: p99 / 2, p99, p999: p99 * 1.5, max: p99 * 2 };
  return {
    server: o.server,
    runtime: o.runtime ?? known.runtime,
    variant: o.variant ?? known.variant,
    workload: o.workload ?? 'users',
    parameters: o.parameters ?? {},
    connections: o.connections,
    trial: o.trial ?? 1,
    outcome,
    reason: completed ? null : (o.reason ?? `${outcome} in the test`),
    logTail: o.logTail ?? [],
    startedAt: '2026-11-20T10:00:00.000Z',
    durationSeconds: completed ? DURATION : 0,
    requests: rps === null ? 0 : Math.round(rps * DURATION),
    requestsPerSecond: rps,
    latencyMs: latency,
    errors: o.errors ?? 0,
    timeouts: o.timeouts ?? 0,
    non2xx: o.non2xx ?? 0,
    serverCpuPercent: completed ? 95 : null,
    serverRssMb: completed ? 80 : null,
    generatorCpuPercent: completed ? 50 : null,
    queriesPerRequest: completed && (o.workload ?? 'users') === 'users' ? 1 : null,
    metrics: o.metrics ?? {},
  };
}

/** One cell per trial, the figures given per trial: trials({server, connections}, [1000, 1010, 990]). */
export function trials(o: Omit<CellOptions, 'rps' | 'trial'>, rps: number[], perTrial: (i: number) => Partial<CellOptions> = () => ({})): Cell[] {
  return rps.map((value, i) => buildCell({ ...o, rps: value, trial: i + 1, ...perTrial(i) }));
}

/** Three trials around a value, spread ±1% (well inside the noise limit). */
export function steady(o: Omit<CellOptions, 'rps' | 'trial'>, rps: number, perTrial?: (i: number) => Partial<CellOptions>): Cell[] {
  return trials(o, [rps * 0.99, rps, rps * 1.01], perTrial);
}

export function serverInfo(name: string, runtime?: Cell['runtime'], variant?: Cell['variant']): ServerInfo {
  const known = KNOWN_SERVERS[name] ?? { runtime: runtime ?? 'node', variant: variant ?? 'tuned' };
  return {
    name,
    runtime: runtime ?? known.runtime,
    variant: variant ?? known.variant,
    description: `${name} (test)`,
    poolSize: known.variant === 'seed' && known.runtime === 'python' ? null : 10,
    poolLibrary: known.variant === 'seed' && known.runtime === 'python' ? null : known.runtime === 'node' ? 'pg' : 'asyncpg',
    libraries: known.runtime === 'node' ? { fastify: '5.0.0' } : { fastapi: '0.100.0' },
    notes: {},
    workers: 1,
    pinnedTo: '0',
  };
}

export function buildResults(cells: Cell[], overrides: Partial<Results> = {}): Results {
  const servers = [...new Map(cells.map((c) => [c.server, c])).values()].map((c) => serverInfo(c.server, c.runtime, c.variant));
  const workloads = [...new Set(cells.map((c) => c.workload))];
  const levels = Object.fromEntries(workloads.map((w) => [w, [...new Set(cells.filter((c) => c.workload === w).map((c) => c.connections))].sort((a, b) => a - b)]));
  const document: Results = {
    schema: 'verdict-results',
    version: 1,
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
      pinning: { available: true, servers: '0', generator: '1', database: null, note: 'servers on CPU 0, load generator on CPU 1' },
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
      trials: Math.max(1, ...cells.map((c) => c.trial)),
      workers: 1,
      driver: 'autocannon',
      quick: false,
      rows: 10000,
      timeoutSeconds: 8,
      trialsByWorkload: {},
      durationByWorkload: {},
    },
    servers,
    ceilings: [],
    cells,
    ...overrides,
  };
  // The real schema decides what is valid: fail here, loudly, rather than in a confusing assertion.
  return resultsSchema.parse(document);
}
